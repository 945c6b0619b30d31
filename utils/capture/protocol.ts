// The messages between the background and the offscreen document that captures streams. Both
// directions are zod-parsed on arrival; the background also checks that the sender is the
// offscreen document. No bytes travel here: segments go from the page's frame to the offscreen
// document over the frame link (frame-server.ts), which the background only sets up.
import { z } from 'zod';
import { frameLinkNamePattern } from './frame-server';

const jobId = z.string().regex(/^[A-Za-z0-9-]{1,100}$/);
const url = z.string().max(8192);
const errorSchema = z.object({ code: z.string().max(100), message: z.string().max(2000) });

/** Background → offscreen document. */
export const toOffscreenSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('offscreen/start'),
    jobId,
    mode: z.enum(['hls', 'dash']),
    manifestUrl: url,
    fileName: z.string().max(200),
    /** The frame that plays the video: the only sender the frame link is accepted from. */
    tabId: z.number().int().nonnegative(),
    frameId: z.number().int().nonnegative(),
  }),
  z.object({ type: z.literal('offscreen/status'), jobId }),
  z.object({ type: z.literal('offscreen/cancel'), jobId }),
  /** Pre-flight (issue 10): read the stored source's metadata and a thumbnail, before the init. */
  z.object({ type: z.literal('offscreen/preflight'), jobId, opfsFile: z.string().max(200).optional() }),
  /**
   * Pre-flight of a piped URL source of `size` bytes: the document reads it by ranges through
   * `preflight/read` (the first chunk the background holds, ranged requests past it).
   */
  z.object({ type: z.literal('offscreen/preflight-piped'), jobId, size: z.number().int().positive() }),
  /** Remux the stored source (MKV, MPEG-TS, M4V, MOV, FLV) into a progressive MP4 in OPFS. */
  z.object({
    type: z.literal('offscreen/remux'),
    jobId,
    opfsFile: z.string().max(200).optional(),
    fileName: z.string().max(200),
  }),
]);
export type ToOffscreen = z.infer<typeof toOffscreenSchema>;

export const captureResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    fileName: z.string().max(200),
    size: z.number().int().nonnegative(),
    mimeType: z.enum(['video/mp4', 'video/webm']),
  }),
  z.object({ ok: z.literal(false), error: errorSchema, retry: z.boolean() }),
]);
export type CaptureResult = z.infer<typeof captureResultSchema>;

/** The offscreen document's answer to `offscreen/status`. */
export const captureStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('running') }),
  z.object({ state: z.literal('idle') }),
  z.object({ state: z.literal('finished'), result: captureResultSchema }),
]);
export type CaptureState = z.infer<typeof captureStateSchema>;

/** Offscreen document → background. */
export const fromOffscreenSchema = z.discriminatedUnion('type', [
  /** Inject the frame server into the job's frame, connecting back under `portName`. */
  z.object({ type: z.literal('capture/link'), jobId, portName: z.string().regex(frameLinkNamePattern) }),
  z.object({
    type: z.literal('capture/progress'),
    jobId,
    done: z.number().int().nonnegative(),
    total: z.number().int().positive(),
  }),
  z.object({ type: z.literal('capture/finished'), jobId, result: captureResultSchema }),
  /** A stored file's conversion to MP4 (`offscreen/remux`): the share done, for "Converting to MP4 · 40%". */
  z.object({ type: z.literal('capture/remux-progress'), jobId, share: z.number().min(0).max(1) }),
]);
export type FromOffscreen = z.infer<typeof fromOffscreenSchema>;

/** What the pre-flight read: the verdict is decided in the background (utils/media/preflight.ts). */
export const videoMetadataSchema = z.object({
  container: z.string().max(20),
  videoCodec: z.string().max(40).nullable(),
  audioCodec: z.string().max(40).nullable().optional(),
  width: z.number().nonnegative(),
  height: z.number().nonnegative(),
  fps: z.number().nonnegative(),
  durationSec: z.number().nonnegative(),
});

export const preflightAnswerSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    meta: videoMetadataSchema,
    /** A small JPEG `data:` URL of one frame, when the frame could be decoded. */
    thumbnail: z
      .string()
      .max(200_000)
      .regex(/^data:image\/jpeg;base64,/)
      .optional(),
  }),
  /** `missing`: the stored source is gone; otherwise the file could not be read (`problem`). */
  z.object({ ok: z.literal(false), problem: z.string().max(500), missing: z.boolean().optional() }),
]);
export type PreflightAnswer = z.infer<typeof preflightAnswerSchema>;

/** The most bytes one `preflight/read` returns (base64 in a JSON message). */
export const MAX_PREFLIGHT_READ = 4 * 1024 * 1024;

/** Offscreen document → background: bytes `start`..`end` (exclusive) of a piped source. */
export const preflightReadSchema = z.object({
  type: z.literal('preflight/read'),
  jobId,
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
});
export type PreflightRead = z.infer<typeof preflightReadSchema>;

export const preflightBytesSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), base64: z.string().max(Math.ceil(MAX_PREFLIGHT_READ / 3) * 4 + 4) }),
  z.object({ ok: z.literal(false), error: z.string().max(500) }),
]);
export type PreflightBytes = z.infer<typeof preflightBytesSchema>;
