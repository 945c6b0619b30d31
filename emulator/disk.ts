/** Received bytes go to disk as they arrive, hashed on the way; nothing is held whole in memory. */
import type { Hash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';

/**
 * Writes `source` into `filePath` from `offset`, feeding `hash` and reporting progress. Resolves with
 * the number of bytes written; rejects if the source breaks off (the caller decides what survives).
 */
export async function writeStreamAt(
  source: Readable,
  filePath: string,
  offset: number,
  hash: Hash,
  onBytes: (total: number) => void = () => {},
  limit = Infinity,
): Promise<number> {
  let written = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      written += chunk.length;
      if (written > limit) return done(new Error('more bytes than allowed'));
      hash.update(chunk);
      onBytes(written);
      done(null, chunk);
    },
  });
  await pipeline(source, meter, createWriteStream(filePath, { flags: 'r+', start: offset }));
  return written;
}

export async function truncateTo(filePath: string, size: number): Promise<void> {
  const handle = await open(filePath, 'r+');
  try {
    await handle.truncate(size);
  } finally {
    await handle.close();
  }
}
