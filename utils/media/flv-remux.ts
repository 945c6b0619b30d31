// Copies an FLV's H.264 video and AAC (or MP3) sound into a progressive MP4 (issue 10), packet by
// packet — never re-encoded — through mediabunny's encoded-packet sources, as the tags are read:
// one chunk of the file and the packets mediabunny interleaves are in memory, the MP4 goes to
// `target` as it is made. Runs in the offscreen document (the bundle that carries mediabunny)
// and under node in the unit tests.
import {
  EncodedAudioPacketSource,
  EncodedPacket,
  EncodedVideoPacketSource,
  Mp4OutputFormat,
  Output,
  type Target,
} from 'mediabunny';
import { avcCodecString } from './avc-sps';
import {
  flvTags,
  parseAudioTag,
  parseMp3Header,
  parseVideoTag,
  TAG_AUDIO,
  TAG_VIDEO,
  type ByteRead,
} from './flv';
import type { FlvProbe } from './flv-probe';

export interface FlvRemuxRequest {
  read: ByteRead;
  size: number;
  probe: FlvProbe;
  target: Target;
  signal?: AbortSignal;
  /** Share of the file read so far, 0–1. */
  onProgress?: (share: number) => void;
}

/** An FLV this remuxer does not copy: the message says which codec. */
export class FlvUnsupported extends Error {}

/** One packet held back until the next gives its duration (FLV tags carry no durations). */
interface Pending {
  data: Uint8Array;
  key: boolean;
  dts: number;
  pts: number;
}

export async function remuxFlvToMp4(request: FlvRemuxRequest): Promise<void> {
  const { probe } = request;
  if (probe.meta.videoCodec !== 'avc' || !probe.videoConfig)
    throw new FlvUnsupported(`video ${probe.meta.videoCodec ?? 'without a codec'}`);
  const audio = probe.audio;
  if (audio && !((audio.codec === 'aac' && audio.config) || audio.codec === 'mp3'))
    throw new FlvUnsupported(`sound ${audio.codec}`);

  const avcC = probe.videoConfig;
  const output = new Output({ format: new Mp4OutputFormat({ fastStart: false }), target: request.target });
  const video = new EncodedVideoPacketSource('avc');
  output.addVideoTrack(video);
  const sound = audio ? new EncodedAudioPacketSource(audio.codec === 'aac' ? 'aac' : 'mp3') : undefined;
  if (sound) output.addAudioTrack(sound);
  const videoMeta = {
    decoderConfig: {
      codec: avcCodecString(avcC),
      codedWidth: probe.meta.width,
      codedHeight: probe.meta.height,
      description: avcC,
    },
  };
  const audioMeta = audio && {
    decoderConfig: {
      codec: audio.codec === 'aac' ? `mp4a.40.${(audio.config?.[0] ?? 0x10) >> 3 || 2}` : 'mp3',
      sampleRate: audio.sampleRate,
      numberOfChannels: audio.channels,
      ...(audio.config ? { description: audio.config } : {}),
    },
  };

  const onAbort = () => void output.cancel();
  request.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await output.start();
    let pendingVideo: Pending | undefined;
    let lastVideoDuration = 0;
    let videoSent = 0;
    let audioSent = 0;
    const sendVideo = async (packet: Pending, duration: number) => {
      await video.add(
        new EncodedPacket(packet.data, packet.key ? 'key' : 'delta', packet.pts, duration),
        videoSent++ === 0 ? videoMeta : undefined,
      );
    };
    for await (const tag of flvTags(request.read, request.size)) {
      if (request.signal?.aborted) throw new Error('cancelled');
      if (tag.type === TAG_VIDEO) {
        const packet = parseVideoTag(tag.body);
        if (packet.kind === 'config' && !sameBytes(packet.data, avcC))
          throw new FlvUnsupported('a video whose picture settings change part way through');
        if (packet.kind !== 'frame') continue;
        if (!pendingVideo && !packet.key) continue; // an MP4 track starts on a key frame
        const next = {
          data: packet.data,
          key: packet.key,
          dts: tag.timestamp,
          pts: tag.timestamp + packet.cts,
        };
        if (pendingVideo) {
          lastVideoDuration = Math.max(0, next.dts - pendingVideo.dts) / 1000;
          await sendVideo({ ...pendingVideo, pts: pendingVideo.pts / 1000 }, lastVideoDuration);
        }
        pendingVideo = next;
      } else if (tag.type === TAG_AUDIO && sound && audio) {
        const packet = parseAudioTag(tag.body);
        if (packet.kind !== 'frame' || packet.data.length === 0) continue;
        const samples = audio.codec === 'aac' ? 1024 : (parseMp3Header(packet.data)?.samples ?? 1152);
        await sound.add(
          new EncodedPacket(packet.data, 'key', tag.timestamp / 1000, samples / audio.sampleRate),
          audioSent++ === 0 ? audioMeta : undefined,
        );
      }
      request.onProgress?.(Math.min(1, tag.end / request.size));
    }
    if (pendingVideo) await sendVideo({ ...pendingVideo, pts: pendingVideo.pts / 1000 }, lastVideoDuration);
    if (videoSent === 0) throw new FlvUnsupported('a file with no H.264 key frame');
    video.close();
    sound?.close();
    await output.finalize();
    request.onProgress?.(1);
  } catch (err) {
    if (output.state !== 'canceled' && output.state !== 'finalized')
      await output.cancel().catch(() => undefined);
    throw err;
  } finally {
    request.signal?.removeEventListener('abort', onAbort);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
