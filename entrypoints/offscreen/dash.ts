// Captures a DASH presentation: the MPD is read through the page's frame and refused if it must be
// (DRM, live, too long), the best video representation and its best audio are chosen
// (utils/media/choose.ts), and each is fed to the remuxer as one fMP4 stream — its init segment
// then its media segments, fetched one at a time through the frame as the remuxer asks for more,
// so neither the segments nor the output are ever held whole.
import { ALL_FORMATS, Input, ReadableStreamSource } from 'mediabunny';
import { chooseDashRendition, type TrackPlan } from '@/utils/media/choose';
import { isDashManifest, parseDashManifest } from '@/utils/media/dash';
import { initSegmentEncrypted, refusalFor } from '@/utils/media/refusals';
import type { CaptureResult } from '@/utils/capture/protocol';
import { createBridge, type Bridge } from './bridge';
import { describeFailure, fail, remuxInputs, type CaptureRequest } from './remux';
import { t } from '@/utils/i18n';

/** The representation as one stream: init, then each segment on demand (pull = backpressure). */
function trackStream(bridge: Bridge, track: TrackPlan, signal: AbortSignal): ReadableStream<Uint8Array> {
  const refs = [...(track.initSegment ? [track.initSegment] : []), ...(track.segments ?? [])];
  let next = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (signal.aborted) {
          controller.error(new Error('cancelled'));
          return;
        }
        if (next >= refs.length) {
          controller.close();
          return;
        }
        const ref = refs[next++];
        const bytes = await bridge.bytes(ref.url, ref.byteRange);
        if (next === 1 && track.initSegment && initSegmentEncrypted(bytes)) {
          controller.error(new EncryptedError());
          return;
        }
        controller.enqueue(bytes);
      },
    },
    { highWaterMark: 0 },
  );
}

class EncryptedError extends Error {
  constructor() {
    super('encrypted init segment');
    this.name = 'EncryptedError';
  }
}

export async function captureDash(request: CaptureRequest): Promise<CaptureResult> {
  const expected = new Set<string>();
  const fetched = new Set<string>();
  const bridge = createBridge(request.link, (key) => {
    if (!expected.has(key) || fetched.has(key)) return;
    fetched.add(key);
    request.onProgress(fetched.size, expected.size);
  });
  try {
    const text = await bridge.text(request.manifestUrl);
    if (!isDashManifest(text)) return fail('stream_not_found', t('dashNotMpd'));
    const choice = chooseDashRendition(parseDashManifest(text, request.manifestUrl));
    if (!choice.ok) return { ok: false, error: choice.error, retry: false };
    const plan = choice.plan;
    const refusal = refusalFor({
      manifestUrl: request.manifestUrl,
      dashProtected: plan.protected,
      live: plan.live,
      duration: plan.duration,
    });
    if (refusal) return { ok: false, error: refusal, retry: false };
    const tracks = [plan.video, ...(plan.audio && plan.audio !== 'muxed' ? [plan.audio] : [])];
    if (tracks.some((t) => (t.segments ?? []).length === 0)) {
      return fail('dash_unsupported', t('dashSegmentBase'));
    }
    for (const t of tracks)
      for (const s of t.segments ?? []) expected.add(s.url + (s.byteRange ? `#${s.byteRange.offset}` : ''));
    request.onProgress(0, Math.max(expected.size, 1));
    const inputs = tracks.map(
      (t) =>
        new Input({
          source: new ReadableStreamSource(trackStream(bridge, t, request.signal)),
          formats: ALL_FORMATS,
        }),
    );
    // With separate audio, each input gives one kind; a video representation with muxed sound gives both.
    const separate = inputs.length > 1;
    return await remuxInputs(
      request,
      inputs.map((input, i) => (separate ? { input, only: i === 0 ? 'video' : 'audio' } : { input })),
    );
  } catch (err) {
    if (err instanceof EncryptedError || (err instanceof Error && err.name === 'EncryptedError')) {
      return { ok: false, error: refusalFor({ initSegmentEncrypted: true })!, retry: false };
    }
    return describeFailure(err);
  }
}
