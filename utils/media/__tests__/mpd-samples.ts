// MPDs in the shapes real packagers write, shared by the dash and choose tests.

/** ffmpeg `-f dash` (SegmentTemplate + SegmentTimeline, $RepresentationID$/$Number%05d$), two qualities. */
export const FFMPEG_MPD = `<?xml version="1.0" encoding="utf-8"?>
<MPD xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
	xmlns="urn:mpeg:dash:schema:mpd:2011"
	xsi:schemaLocation="urn:mpeg:DASH:schema:MPD:2011 http://standards.iso.org/ittf/PubliclyAvailableStandards/MPEG-DASH_schema_files/DASH-MPD.xsd"
	profiles="urn:mpeg:dash:profile:isoff-live:2011"
	type="static"
	mediaPresentationDuration="PT20.0S"
	maxSegmentDuration="PT4.0S"
	minBufferTime="PT8.0S">
	<ProgramInformation>
	</ProgramInformation>
	<ServiceDescription id="0">
	</ServiceDescription>
	<Period id="0" start="PT0.0S">
		<AdaptationSet id="0" contentType="video" startWithSAP="1" segmentAlignment="true" bitstreamSwitching="true" frameRate="30/1" maxWidth="1280" maxHeight="720" par="16:9">
			<Representation id="0" mimeType="video/mp4" codecs="avc1.64001f" bandwidth="1000000" width="1280" height="720" sar="1:1">
				<SegmentTemplate timescale="15360" initialization="init-stream$RepresentationID$.m4s" media="chunk-stream$RepresentationID$-$Number%05d$.m4s" startNumber="1">
					<SegmentTimeline>
						<S t="0" d="61440" r="4" />
					</SegmentTimeline>
				</SegmentTemplate>
			</Representation>
			<Representation id="1" mimeType="video/mp4" codecs="avc1.64001e" bandwidth="400000" width="640" height="360" sar="1:1">
				<SegmentTemplate timescale="15360" initialization="init-stream$RepresentationID$.m4s" media="chunk-stream$RepresentationID$-$Number%05d$.m4s" startNumber="1">
					<SegmentTimeline>
						<S t="0" d="61440" r="4" />
					</SegmentTimeline>
				</SegmentTemplate>
			</Representation>
		</AdaptationSet>
		<AdaptationSet id="1" contentType="audio" startWithSAP="1" segmentAlignment="true" bitstreamSwitching="true">
			<Representation id="2" mimeType="audio/mp4" codecs="mp4a.40.2" bandwidth="128000" audioSamplingRate="48000">
				<AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="2" />
				<SegmentTemplate timescale="48000" initialization="init-stream$RepresentationID$.m4s" media="chunk-stream$RepresentationID$-$Number%05d$.m4s" startNumber="1">
					<SegmentTimeline>
						<S t="0" d="192000" r="4" />
					</SegmentTimeline>
				</SegmentTemplate>
			</Representation>
		</AdaptationSet>
	</Period>
</MPD>
`;

/** Bitmovin-style: SegmentTemplate with a fixed duration on the AdaptationSet, mimeType there too. */
export const BITMOVIN_MPD = `<?xml version="1.0" encoding="UTF-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" minBufferTime="PT1.500S" type="static" mediaPresentationDuration="PT0H0M30.000S" maxSegmentDuration="PT0H0M4.000S" profiles="urn:mpeg:dash:profile:isoff-live:2011">
 <Period duration="PT0H0M30.000S">
  <AdaptationSet segmentAlignment="true" maxWidth="3840" maxHeight="2160" maxFrameRate="25" par="16:9" lang="und" mimeType="video/mp4" startWithSAP="1">
   <SegmentTemplate timescale="1000" media="video/$RepresentationID$/seg-$Number$.m4s" startNumber="1" duration="4000" initialization="video/$RepresentationID$/init.mp4"/>
   <Representation id="2160_hevc" codecs="hvc1.1.6.L150.90" width="3840" height="2160" frameRate="25" sar="1:1" bandwidth="12000000"/>
   <Representation id="1080_avc" codecs="avc1.640028" width="1920" height="1080" frameRate="25" sar="1:1" bandwidth="4800000"/>
   <Representation id="1080_avc_hi" codecs="avc1.640028" width="1920" height="1080" frameRate="25" sar="1:1" bandwidth="6000000"/>
   <Representation id="720_avc" codecs="avc1.4d401f" width="1280" height="720" frameRate="25" sar="1:1" bandwidth="2400000"/>
  </AdaptationSet>
  <AdaptationSet segmentAlignment="true" lang="en" mimeType="audio/mp4" startWithSAP="1">
   <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="2"/>
   <SegmentTemplate timescale="1000" media="audio/$RepresentationID$/seg-$Number$.m4s" startNumber="1" duration="4000" initialization="audio/$RepresentationID$/init.mp4"/>
   <Representation id="aac_64" codecs="mp4a.40.5" audioSamplingRate="48000" bandwidth="64000"/>
   <Representation id="aac_128" codecs="mp4a.40.2" audioSamplingRate="48000" bandwidth="128000"/>
  </AdaptationSet>
  <AdaptationSet segmentAlignment="true" lang="de" mimeType="audio/mp4" startWithSAP="1">
   <SegmentTemplate timescale="1000" media="audio/$RepresentationID$/seg-$Number$.m4s" startNumber="1" duration="4000" initialization="audio/$RepresentationID$/init.mp4"/>
   <Representation id="ec3_de" codecs="ec-3" audioSamplingRate="48000" bandwidth="384000"/>
  </AdaptationSet>
 </Period>
</MPD>
`;

/** Shaka-packager on-demand profile: one file per representation, SegmentBase + sidx (indexRange). */
export const SEGMENT_BASE_MPD = `<?xml version="1.0" encoding="UTF-8"?>
<!--Generated with https://github.com/google/shaka-packager version v2.6.1-->
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-on-demand:2011" minBufferTime="PT2S" type="static" mediaPresentationDuration="PT12.0S">
  <Period id="0">
    <AdaptationSet id="0" contentType="video" width="1920" height="1080" frameRate="12800/512" par="16:9">
      <Representation id="0" bandwidth="2400000" codecs="avc1.640028" mimeType="video/mp4" sar="1:1">
        <BaseURL>h264_1080p.mp4</BaseURL>
        <SegmentBase indexRange="806-877" timescale="12800">
          <Initialization range="0-805"/>
        </SegmentBase>
      </Representation>
    </AdaptationSet>
    <AdaptationSet id="1" contentType="audio" lang="en">
      <Representation id="1" bandwidth="130000" codecs="mp4a.40.2" mimeType="audio/mp4" audioSamplingRate="44100">
        <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="2"/>
        <BaseURL>audio_en.mp4</BaseURL>
        <SegmentBase indexRange="746-817" timescale="44100">
          <Initialization range="0-745"/>
        </SegmentBase>
      </Representation>
    </AdaptationSet>
  </Period>
</MPD>
`;

/** WebM VP9 + Opus (YouTube-style on-demand, served elsewhere), SegmentList with byte ranges. */
export const VP9_MPD = `<?xml version="1.0" encoding="UTF-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT8S" minBufferTime="PT1S" profiles="urn:mpeg:dash:profile:full:2011">
  <Period>
    <AdaptationSet mimeType="video/webm" contentType="video">
      <Representation id="vp9_720" codecs="vp9" width="1280" height="720" bandwidth="1500000">
        <BaseURL>https://media.example.org/vp9/720.webm</BaseURL>
        <SegmentList duration="4" timescale="1">
          <Initialization range="0-299"/>
          <SegmentURL mediaRange="300-99999"/>
          <SegmentURL mediaRange="100000-199999"/>
        </SegmentList>
      </Representation>
    </AdaptationSet>
    <AdaptationSet mimeType="audio/webm" contentType="audio" lang="en">
      <Representation id="opus" codecs="opus" audioSamplingRate="48000" bandwidth="96000">
        <BaseURL>https://media.example.org/vp9/audio.webm</BaseURL>
        <SegmentList duration="4" timescale="1">
          <Initialization range="0-199"/>
          <SegmentURL mediaRange="200-49999"/>
          <SegmentURL mediaRange="50000-99999"/>
        </SegmentList>
      </Representation>
    </AdaptationSet>
    <AdaptationSet mimeType="audio/mp4" contentType="audio" lang="en">
      <Representation id="aac" codecs="mp4a.40.2" audioSamplingRate="48000" bandwidth="128000">
        <BaseURL>https://media.example.org/vp9/audio.m4a</BaseURL>
        <SegmentList duration="4" timescale="1">
          <Initialization range="0-599"/>
          <SegmentURL mediaRange="600-49999"/>
          <SegmentURL mediaRange="50000-99999"/>
        </SegmentList>
      </Representation>
    </AdaptationSet>
  </Period>
</MPD>
`;

/** Shaka's Widevine/PlayReady sample shape: cenc ContentProtection on the AdaptationSet. */
export const WIDEVINE_MPD = `<?xml version="1.0" encoding="UTF-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:cenc="urn:mpeg:cenc:2013" type="static" mediaPresentationDuration="PT10S" minBufferTime="PT2S" profiles="urn:mpeg:dash:profile:isoff-live:2011">
  <Period>
    <AdaptationSet contentType="video" mimeType="video/mp4">
      <ContentProtection value="cenc" schemeIdUri="urn:mpeg:dash:mp4protection:2011" cenc:default_KID="a7e61c37-3e4b-4f1c-a2c5-2f2a1b3c4d5e"/>
      <ContentProtection schemeIdUri="urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed">
        <cenc:pssh>AAAAW3Bzc2gAAAAA7e+LqXnWSs6jyCfc1R0h7QAAADsIARIQ</cenc:pssh>
      </ContentProtection>
      <SegmentTemplate timescale="1000" media="v/$Number$.m4s" initialization="v/init.mp4" duration="5000" startNumber="1"/>
      <Representation id="v1" codecs="avc1.4d401f" width="1280" height="720" bandwidth="2000000"/>
    </AdaptationSet>
  </Period>
</MPD>
`;

/** A live MPD (dash.js live sims): type="dynamic", no mediaPresentationDuration. */
export const LIVE_MPD = `<?xml version="1.0" encoding="UTF-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="dynamic" availabilityStartTime="1970-01-01T00:00:00Z" publishTime="2026-12-02T06:00:00Z" minimumUpdatePeriod="PT2S" timeShiftBufferDepth="PT1M" maxSegmentDuration="PT2S" minBufferTime="PT2S" profiles="urn:mpeg:dash:profile:isoff-live:2011">
  <Period id="p0" start="PT0S">
    <AdaptationSet contentType="video" mimeType="video/mp4" segmentAlignment="true">
      <SegmentTemplate timescale="90000" media="v/$Number$.m4s" initialization="v/init.mp4" duration="180000" startNumber="0"/>
      <Representation id="v" codecs="avc1.64001f" width="1280" height="720" bandwidth="2000000"/>
    </AdaptationSet>
  </Period>
</MPD>
`;
