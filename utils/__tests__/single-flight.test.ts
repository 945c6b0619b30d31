import { describe, expect, it } from 'vitest';
import { singleFlight } from '../single-flight';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('singleFlight', () => {
  it('runs once for ten concurrent callers, all get the same result', async () => {
    let runs = 0;
    const gate = deferred<string>();
    const refresh = singleFlight(() => {
      runs++;
      return gate.promise;
    });
    const calls = Array.from({ length: 10 }, () => refresh());
    gate.resolve('token-2');
    expect(await Promise.all(calls)).toEqual(Array(10).fill('token-2'));
    expect(runs).toBe(1);
  });

  it('shares a failure, then the next call runs again', async () => {
    let runs = 0;
    const refresh = singleFlight(async () => {
      runs++;
      if (runs === 1) throw new Error('refresh refused');
      return `token-${runs}`;
    });
    const results = await Promise.allSettled([refresh(), refresh(), refresh()]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(runs).toBe(1);
    await expect(refresh()).resolves.toBe('token-2');
    expect(runs).toBe(2);
  });

  it('shares a synchronous throw as a rejection', async () => {
    const fail = singleFlight<number>(() => {
      throw new Error('sync');
    });
    await expect(Promise.all([fail(), fail()])).rejects.toThrow('sync');
  });

  it('runs again after a success', async () => {
    let runs = 0;
    const f = singleFlight(async () => ++runs);
    expect(await f()).toBe(1);
    expect(await f()).toBe(2);
  });
});
