// Writes synthetic jobs straight into the extension's IndexedDB (utils/db.ts: `jobs` by id) from
// one of its pages, as a month of history would leave them; the background is not told, as after
// a missed broadcast. Used by the long-history e2e test and the popup bench.
import type { Page } from 'puppeteer-core';

export interface SeedOptions {
  count: number;
  /** The newest this many are still on their way (waiting for a slot, processing), minutes off. */
  active?: number;
  /** Replace the store's jobs instead of adding to them. */
  replace?: boolean;
  /** The oldest this many are in drafts and were last changed `staleDays` (default 45) days ago. */
  stale?: number;
  staleDays?: number;
  /**
   * Bytes of a stored copy (e.g. a real MP4's) kept in `blobs` under the job's id, as a local
   * file's source is, for every stale and every failed job: what pruning and the sweep must free.
   */
  bytes?: number[];
}

/** Ids are `seed-00000` (oldest) upward; one job every 20 minutes back from now; every 10th failed. */
export function seedJobs(page: Page, options: SeedOptions): Promise<void> {
  return page.evaluate(
    ({ count, active, replace, stale, staleDays, bytes }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('send-to-tiktok');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['jobs', 'blobs'], 'readwrite');
          const jobs = tx.objectStore('jobs');
          const blobs = tx.objectStore('blobs');
          if (replace) jobs.clear();
          const now = Date.now();
          for (let i = 0; i < count; i++) {
            const createdAt =
              i < stale
                ? now - staleDays * 86_400_000 - (stale - i) * 20 * 60_000
                : now - (count - i) * 20 * 60_000;
            const onItsWay = count - i <= active;
            const status = onItsWay
              ? i % 2
                ? 'waiting_slot'
                : 'processing'
              : i % 10 === 0
                ? 'failed'
                : 'in_drafts';
            const id = `seed-${String(i).padStart(5, '0')}`;
            const withBytes = bytes !== null && (i < stale || status === 'failed');
            if (withBytes) {
              const blob = new Blob([new Uint8Array(bytes)], { type: 'video/mp4' });
              const name = `clip-${i}.mp4`;
              blobs.put({ blob, name, type: 'video/mp4', size: blob.size, storedAt: createdAt }, id);
            }
            jobs.put({
              id,
              createdAt,
              updatedAt: createdAt + 90_000,
              status,
              source: { kind: 'url', url: `https://cdn.example.com/videos/clip-${i}.mp4`, via: 'popup' },
              title: `clip-${i}.mp4`,
              route: 'PULL_FROM_URL',
              progress: status === 'in_drafts' ? 1 : 0.5,
              videoSize: 10_000_000 + i,
              ...(status === 'waiting_slot' ? { notBefore: now + 10 * 60_000 } : {}),
              ...(status === 'processing' ? { publishId: `p-${i}`, nextPollAt: now + 10 * 60_000 } : {}),
              ...(status === 'failed'
                ? { error: { code: 'network', message: 'The connection dropped. Press Retry.' } }
                : {}),
              ...(withBytes ? { hasBlob: true } : {}),
            });
          }
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    {
      count: options.count,
      active: options.active ?? 0,
      replace: options.replace ?? false,
      stale: options.stale ?? 0,
      staleDays: options.staleDays ?? 45,
      bytes: options.bytes ?? null,
    },
  );
}
