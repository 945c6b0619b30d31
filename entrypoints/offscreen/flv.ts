// Pre-flight and remux of a stored FLV (issue 10), in the offscreen document: mediabunny cannot
// read FLV, so the tags are parsed by utils/media/flv*.ts, the facts come from them and
// `onMetaData`, the thumbnail is the first key frame decoded with WebCodecs, and the packets are
// copied into a progressive MP4 in OPFS as the file is read by slices (bounded memory).
import { StreamTarget } from 'mediabunny';
import { openCaptureFile } from '@/utils/capture/opfs';
import type { CaptureResult, PreflightAnswer } from '@/utils/capture/protocol';
import { avcCodecString } from '@/utils/media/avc-sps';
import type { ByteRead } from '@/utils/media/flv';
import { probeFlv, type FlvProbe } from '@/utils/media/flv-probe';
import { FlvUnsupported, remuxFlvToMp4 } from '@/utils/media/flv-remux';
import { fail } from './remux';

const THUMB_WIDTH = 160;
const WRITE_CHUNK = 4 * 1024 * 1024;

export function blobRead(blob: Blob): ByteRead {
  return async (start, end) => new Uint8Array(await blob.slice(start, end).arrayBuffer());
}

/** A small JPEG `data:` URL of a canvas (the row's thumbnail). */
export async function jpegDataUrl(canvas: OffscreenCanvas | HTMLCanvasElement): Promise<string | undefined> {
  const blob =
    'convertToBlob' in canvas
      ? await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.7 })
      : await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.7));
  if (!blob) return undefined;
  return new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/** The first key frame, decoded by the browser's H.264 decoder and scaled down. */
async function thumbnail(probe: FlvProbe): Promise<string | undefined> {
  const { firstKey, videoConfig, meta } = probe;
  if (!firstKey || !videoConfig || meta.videoCodec !== 'avc' || typeof VideoDecoder === 'undefined') return;
  try {
    const config = { codec: avcCodecString(videoConfig), description: videoConfig };
    if (!(await VideoDecoder.isConfigSupported(config)).supported) return undefined;
    let frame: VideoFrame | undefined;
    const decoder = new VideoDecoder({
      output: (out) => (frame ? out.close() : (frame = out)),
      error: () => undefined,
    });
    decoder.configure(config);
    decoder.decode(new EncodedVideoChunk({ type: 'key', timestamp: 0, data: firstKey.data }));
    await decoder.flush().catch(() => undefined);
    decoder.close();
    const decoded = frame as VideoFrame | undefined;
    if (!decoded) return undefined;
    const width = THUMB_WIDTH;
    const height = Math.max(1, Math.round((THUMB_WIDTH * decoded.displayHeight) / decoded.displayWidth));
    const canvas = new OffscreenCanvas(width, height);
    canvas.getContext('2d')?.drawImage(decoded, 0, 0, width, height);
    decoded.close();
    return await jpegDataUrl(canvas);
  } catch {
    return undefined; // a thumbnail is a nicety: no frame, no picture, the job goes on
  }
}

export async function preflightFlv(read: ByteRead, size: number): Promise<PreflightAnswer> {
  try {
    const probe = await probeFlv(read, size);
    const picture = await thumbnail(probe);
    return { ok: true, meta: probe.meta, ...(picture ? { thumbnail: picture } : {}) };
  } catch (err) {
    return {
      ok: false,
      problem: `a damaged FLV: ${String(err instanceof Error ? err.message : err).slice(0, 300)}`,
    };
  }
}

/** Copies the stored FLV into `fileName` (an MP4) in OPFS; `onProgress` gets the share read. */
export async function remuxFlv(
  blob: Blob,
  fileName: string,
  onProgress: (share: number) => void,
): Promise<CaptureResult> {
  const read = blobRead(blob);
  let writable: FileSystemWritableFileStream | undefined;
  try {
    const probe = await probeFlv(read, blob.size);
    const handle = await openCaptureFile(navigator.storage, fileName);
    writable = await handle.createWritable();
    const target = new StreamTarget(writable, { chunked: true, chunkSize: WRITE_CHUNK });
    await remuxFlvToMp4({ read, size: blob.size, probe, target, onProgress });
    const file = await handle.getFile();
    return { ok: true, fileName, size: file.size, mimeType: 'video/mp4' };
  } catch (err) {
    await writable?.abort().catch(() => undefined);
    if (err instanceof FlvUnsupported)
      return fail(
        'unsupported_codec',
        `This FLV cannot be converted in the browser (${err.message}). Convert it to MP4 first (e.g. \`ffmpeg -i video.flv -c:v libx264 -c:a aac video.mp4\`), then send the MP4.`,
      );
    throw err;
  }
}
