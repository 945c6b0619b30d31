// Reads what the pre-flight verdict needs (utils/media/preflight.ts) from a video's container
// with mediabunny: the container, the codecs, the picture size, the frame rate and the duration.
// Headers and packet tables only, never a decode, so a multi-GB file costs a few ranged reads.
// Runs in the offscreen document (the only bundle that carries mediabunny) and under node in the
// unit tests, over any mediabunny Source.
import { ALL_FORMATS, Input, type Source } from 'mediabunny';
import type { VideoMetadata } from './preflight';

/** mediabunny's format names → the container words the verdict and the popup use. */
const CONTAINERS: Record<string, string> = {
  MP4: 'mp4',
  'QuickTime File Format': 'mov',
  WebM: 'webm',
  Matroska: 'mkv',
  'MPEG Transport Stream': 'ts',
};

/** Packets looked at for the average frame rate: a few seconds of video. */
const FPS_PACKETS = 120;

/**
 * The metadata, or a reason it could not be read. `head` is the file's first bytes: an MP4 whose
 * major brand is `M4V ` is an M4V (iTunes) file, remuxed like the other non-MP4 containers.
 */
export async function readMetadata(
  source: Source,
  head?: Uint8Array,
): Promise<{ ok: true; meta: VideoMetadata; input: Input } | { ok: false; problem: string }> {
  const input = new Input({ source, formats: ALL_FORMATS });
  try {
    const format = await input.getFormat();
    let container = CONTAINERS[format.name];
    if (!container) {
      input.dispose();
      return { ok: false, problem: `a ${format.name} file, not a video container` };
    }
    if (container === 'mp4' && head && String.fromCharCode(...head.subarray(8, 12)) === 'M4V ')
      container = 'm4v';
    const video = await input.getPrimaryVideoTrack();
    if (!video) {
      input.dispose();
      return { ok: false, problem: 'no video track' };
    }
    const audio = await input.getPrimaryAudioTrack();
    const start = await input.getFirstTimestamp();
    const end = (await input.getDurationFromMetadata()) ?? (await input.computeDuration());
    const stats = await video.computePacketStats(FPS_PACKETS);
    return {
      ok: true,
      input,
      meta: {
        container,
        videoCodec: video.codec,
        ...(audio ? { audioCodec: audio.codec } : {}),
        width: await video.getDisplayWidth(),
        height: await video.getDisplayHeight(),
        fps: stats.averagePacketRate,
        durationSec: Math.max(0, end - Math.max(0, start)),
      },
    };
  } catch (err) {
    input.dispose();
    return { ok: false, problem: err instanceof Error ? err.message.slice(0, 200) : String(err) };
  }
}
