// Pre-flight of a piped URL source (issue 10): the bytes are not stored, so the offscreen document
// reads them through the background — the first chunk, already downloaded and held here, and
// past it (an MP4 whose `moov` index is at the end) ranged requests to the source, which pass the
// same checks as the download itself. A server that ignores `Range` leaves the tail unreadable:
// then the video is sent unchecked, as before, and TikTok's own check has the last word.
import { browser, type Browser } from 'wxt/browser';
import {
  MAX_PREFLIGHT_READ,
  preflightAnswerSchema,
  preflightReadSchema,
  type PreflightAnswer,
  type PreflightBytes,
} from '@/utils/capture/protocol';
import type { Job } from '@/utils/job';
import { checkSourceUrl } from '@/utils/url-safety';
import { download } from './acquire';
import { askOffscreen } from './capture-offscreen';
import { ensureNetworkGuard } from './network-guard';
import { urlOptions } from './services';

const OFFSCREEN_PATH = '/offscreen.html';
/** A problem that means "could not be checked" rather than "not a video". */
export const UNCHECKED = 'unchecked:';

const heads = new Map<string, { head: Blob; url: string; size: number }>();

/** Reads the piped source's metadata and a frame; `head` is its first chunk. */
export async function preflightPiped(
  job: Job,
  head: Blob,
  size: number,
): Promise<PreflightAnswer | undefined> {
  if (job.source.kind !== 'url') return undefined;
  heads.set(job.id, { head, url: job.source.url, size });
  try {
    const answer = preflightAnswerSchema.safeParse(
      await askOffscreen({ type: 'offscreen/preflight-piped', jobId: job.id, size }),
    );
    return answer.success ? answer.data : undefined;
  } finally {
    heads.delete(job.id);
  }
}

export function isPreflightMessage(message: unknown): boolean {
  return (message as { type?: unknown } | null)?.type === 'preflight/read';
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Only the offscreen document may ask, only while this job's pre-flight runs. */
export async function handlePreflightRead(
  message: unknown,
  sender: Browser.runtime.MessageSender,
): Promise<PreflightBytes> {
  if (sender.id !== browser.runtime.id || sender.url !== browser.runtime.getURL(OFFSCREEN_PATH)) {
    return { ok: false, error: 'Only the extension’s media document may ask this.' };
  }
  const parsed = preflightReadSchema.safeParse(message);
  if (!parsed.success) return { ok: false, error: 'Malformed read.' };
  const { jobId, start } = parsed.data;
  const entry = heads.get(jobId);
  if (!entry) return { ok: false, error: 'No pre-flight runs for this job.' };
  const end = Math.min(parsed.data.end, entry.size, start + MAX_PREFLIGHT_READ);
  if (end <= start) return { ok: false, error: 'Nothing to read there.' };
  if (end <= entry.head.size) {
    return { ok: true, base64: toBase64(new Uint8Array(await entry.head.slice(start, end).arrayBuffer())) };
  }
  const check = checkSourceUrl(entry.url, urlOptions);
  if (!check.ok) return { ok: false, error: check.message };
  try {
    await ensureNetworkGuard();
    const response = await download(check.url, AbortSignal.timeout(60_000), {
      Range: `bytes=${start}-${end - 1}`,
    });
    if (response.status !== 206) {
      void response.body?.cancel().catch(() => undefined);
      return {
        ok: false,
        error: `${UNCHECKED} the server does not take Range (answered ${response.status})`,
      };
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { ok: true, base64: toBase64(bytes.subarray(0, end - start)) };
  } catch (err) {
    return { ok: false, error: `${UNCHECKED} ${String(err).slice(0, 200)}` };
  }
}
