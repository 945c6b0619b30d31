/** Small HTTP helpers shared by the emulator's handlers: replies, bodies, ids. */
import { randomBytes, randomInt } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Streamed instead of `body` (video serving). */
  stream?: Readable;
  /** TikTok's error code of this answer, for the request log. */
  errorCode?: string;
}

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=UTF-8', ...headers },
    body: JSON.stringify(value),
  };
}

export function htmlReply(status: number, html: string): Reply {
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: html };
}

/** TikTok's log ids look like a timestamp followed by hex. */
export function logId(now: number = Date.now()): string {
  const stamp = new Date(now).toISOString().replace(/\D/g, '').slice(0, 14);
  return stamp + randomBytes(9).toString('hex').toUpperCase();
}

/** The Content Posting API envelope. */
export function apiReply(
  status: number,
  data: unknown,
  code = 'ok',
  message = '',
  headers: Record<string, string> = {},
): Reply {
  const reply = jsonReply(status, { data: data ?? {}, error: { code, message, log_id: logId() } }, headers);
  return code === 'ok' ? reply : { ...reply, errorCode: code };
}

export function apiError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Reply {
  return apiReply(status, {}, code, message, headers);
}

/** Login Kit's error shape. */
export function oauthError(status: number, error: string, description: string): Reply {
  return {
    ...jsonReply(status, { error, error_description: description, log_id: logId() }),
    errorCode: error,
  };
}

export function token(prefix: string, bytes = 24): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

export function digits(n: number): string {
  let out = String(randomInt(1, 10));
  while (out.length < n) out += String(randomInt(0, 10));
  return out;
}

export class BodyTooLarge extends Error {}

/**
 * Reads a small request body (JSON or form). A bigger one is read to its end but not kept, so the
 * connection can still carry the refusal.
 */
export async function readSmallBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of req as AsyncIterable<Buffer>) {
    size += part.length;
    if (size <= limit) parts.push(part);
  }
  if (size > limit) throw new BodyTooLarge();
  return Buffer.concat(parts).toString('utf8');
}

/** Consumes and discards a body so the connection can carry an answer. */
export function drain(req: IncomingMessage): Promise<void> {
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    req.on('end', resolve);
    req.on('error', () => resolve());
    req.on('close', resolve);
    req.resume();
  });
}

export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

export function bearer(req: IncomingMessage): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m ? m[1] : null;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
