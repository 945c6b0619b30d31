// Several accounts: the book, per-account tokens (a behaving fake of the broker with TikTok's
// refresh-token rotation, per open_id), per-account budgets and slot waits, and the draft slots.
import { describe, expect, it } from 'vitest';
import { holdSlots, releaseSlots, slotWaitUntil, takeBudget } from '../account-budget';
import { createAccountRegistry, type KvStore } from '../account-registry';
import { draftSlots, PENDING_WINDOW_MS, targetAccount, withAccount, withoutAccount } from '../accounts';
import type { BrokerClient, TokenSet } from '../broker-client';
import { BrokerError } from '../broker-client';
import type { Job } from '../job';
import { NotSignedInError } from '../tokens';

function memoryKv(): KvStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    kvGet: async <T>(key: string) => structuredClone(data.get(key)) as T | undefined,
    kvSet: async (key, value) => void data.set(key, structuredClone(value)),
    kvDelete: async (key) => void data.delete(key),
    async kvUpdate<T, R>(key: string, change: (value: T | undefined) => { value: T | undefined; result: R }) {
      const { value, result } = change(structuredClone(data.get(key)) as T | undefined);
      if (value === undefined) data.delete(key);
      else data.set(key, structuredClone(value));
      return result;
    },
  };
}

/** The broker as TikTok behaves: refresh tokens rotate and belong to one open_id each. */
function fakeBroker() {
  const live = new Map<string, string>(); // refresh token → open_id
  const refreshed: string[] = [];
  let n = 0;
  const issue = (openId: string, expiresIn = 86400): TokenSet => {
    n++;
    live.set(`rft-${n}`, openId);
    return {
      accessToken: `act-${openId}-${n}`,
      accessExpiresAt: Date.now() + expiresIn * 1000,
      refreshToken: `rft-${n}`,
      refreshExpiresAt: Date.now() + 365 * 86400_000,
      openId,
      scope: 'user.info.basic,video.upload',
    };
  };
  const client: BrokerClient = {
    exchangeCode: async () => {
      throw new Error('not used');
    },
    async refresh(refreshToken) {
      const openId = live.get(refreshToken);
      if (!openId) throw new BrokerError('Refresh token is invalid or expired.', 'invalid_grant', 400, true);
      live.delete(refreshToken);
      refreshed.push(openId);
      return issue(openId);
    },
    revoke: async () => undefined,
  } as BrokerClient;
  return { client, issue, refreshed, live };
}

function setup() {
  const kv = memoryKv();
  const broker = fakeBroker();
  let changes = 0;
  const registry = createAccountRegistry({
    kv,
    broker: () => broker.client,
    now: () => Date.now(),
    onChanged: () => void changes++,
  });
  return { kv, broker, registry, changes: () => changes };
}

describe('the account book', () => {
  const a = { openId: 'a', displayName: 'Ada', addedAt: 1 };
  const b = { openId: 'b', displayName: 'Bea', addedAt: 2 };

  it('targets the first account until another is chosen, and the first again when that one goes', () => {
    let book = withAccount(withAccount({ accounts: [] }, a), b);
    expect(targetAccount(book)?.openId).toBe('a');
    book = { ...book, target: 'b' };
    expect(targetAccount(book)?.openId).toBe('b');
    book = withoutAccount(book, 'b');
    expect(targetAccount(book)?.openId).toBe('a');
    expect(book.target).toBeUndefined();
  });

  it('keeps an account’s place when it signs in again', () => {
    const book = withAccount(withAccount(withAccount({ accounts: [] }, a), b), {
      ...a,
      displayName: 'Ada L',
      addedAt: 9,
    });
    expect(book.accounts.map((x) => [x.openId, x.displayName, x.addedAt])).toEqual([
      ['a', 'Ada L', 1],
      ['b', 'Bea', 2],
    ]);
  });
});

describe('per-account tokens', () => {
  it('refreshes only the stale account, and each account keeps its own rotated token', async () => {
    const { broker, registry } = setup();
    await registry.add(broker.issue('a', 60), { displayName: 'Ada' }); // expires within the margin
    await registry.add(broker.issue('b'), { displayName: 'Bea' });
    const [ta, tb] = await Promise.all([
      registry.tokensFor('a').accessToken(),
      registry.tokensFor('b').accessToken(),
    ]);
    expect(ta).toMatch(/^act-a-/);
    expect(tb).toMatch(/^act-b-/);
    expect(broker.refreshed).toEqual(['a']);
    expect((await registry.tokenSet('a'))?.accessToken).toBe(ta);
  });

  it('a refresh refused for good signs out that account alone', async () => {
    const { broker, registry } = setup();
    const dead = broker.issue('a', 60);
    broker.live.delete(dead.refreshToken); // revoked at TikTok
    await registry.add(dead, { displayName: 'Ada' });
    await registry.add(broker.issue('b'), { displayName: 'Bea' });
    await registry.setTarget('a');
    await expect(registry.tokensFor('a').accessToken()).rejects.toBeInstanceOf(NotSignedInError);
    expect((await registry.book()).accounts.map((x) => x.openId)).toEqual(['b']);
    expect((await registry.target())?.openId).toBe('b');
    expect(await registry.tokensFor('b').accessToken()).toMatch(/^act-b-/);
  });

  it('removing one account forgets its tokens and leaves the other’s', async () => {
    const { broker, registry, kv, changes } = setup();
    await registry.add(broker.issue('a'), { displayName: 'Ada', avatarUrl: 'https://p16.example/a.jpg' });
    await registry.add(broker.issue('b'), { displayName: 'Bea' });
    await registry.remove('a');
    expect(kv.data.has('auth/tokens/a')).toBe(false);
    expect(kv.data.has('auth/tokens/b')).toBe(true);
    expect(await registry.find('a')).toBeUndefined();
    expect((await registry.find('b'))?.displayName).toBe('Bea');
    expect(changes()).toBe(3);
    await registry.remove('b');
    expect(kv.data.has('auth/accounts')).toBe(false);
  });

  it('refuses a target that is not connected', async () => {
    const { registry } = setup();
    await expect(registry.setTarget('nobody')).rejects.toThrow(/not connected/);
  });
});

describe('per-account budgets and slot waits', () => {
  it('gives each account its own 6 inits a minute', async () => {
    const kv = memoryKv();
    const now = 1_000_000;
    for (let i = 0; i < 6; i++) expect(await takeBudget(kv, 'a', 'init', now + i)).toBe(now + i);
    const later = await takeBudget(kv, 'a', 'init', now + 10);
    expect(later).toBeGreaterThan(now + 60_000);
    expect(await takeBudget(kv, 'b', 'init', now + 10)).toBe(now + 10);
    // The status budget is separate: 30 a minute.
    for (let i = 0; i < 30; i++) expect(await takeBudget(kv, 'a', 'status', now)).toBe(now);
    expect(await takeBudget(kv, 'a', 'status', now)).toBeGreaterThan(now);
  });

  it('holds one account’s jobs for a slot, not the other’s, until a draft goes through', async () => {
    const kv = memoryKv();
    await holdSlots(kv, 'a', 5_000);
    expect(await slotWaitUntil(kv, 'a', 1_000)).toBe(5_000);
    expect(await slotWaitUntil(kv, 'b', 1_000)).toBeUndefined();
    expect(await slotWaitUntil(kv, 'a', 5_000)).toBeUndefined();
    await releaseSlots(kv, 'a');
    expect(await slotWaitUntil(kv, 'a', 1_000)).toBeUndefined();
  });
});

describe('draft slots', () => {
  const now = 10 * PENDING_WINDOW_MS;
  const job = (id: string, patch: Partial<Job>): Job => ({
    id,
    createdAt: now - 1000,
    updatedAt: now,
    status: 'in_drafts',
    source: { kind: 'file', name: `${id}.mp4`, size: 1, type: 'video/mp4' },
    title: id,
    progress: 1,
    accountId: 'a',
    publishId: `p-${id}`,
    ...patch,
  });

  it('counts the account’s drafts sent in the last 24 h, and says when the oldest frees', () => {
    const jobs = [
      job('1', { sentAt: now - 3 * 3600_000 }),
      job('2', { sentAt: now - 23 * 3600_000 }),
      job('old', { sentAt: now - PENDING_WINDOW_MS }), // 24 h ago: free again
      job('other', { accountId: 'b', sentAt: now - 1000 }),
      job('queued', { status: 'queued', publishId: undefined }),
      job('posted', { status: 'published', tiktokStatus: 'PUBLISH_COMPLETE', sentAt: now - 1000 }),
      job('tiktok-failed', { status: 'failed', tiktokStatus: 'FAILED', sentAt: now - 1000 }),
      job('uploading', { status: 'uploading', sentAt: now - 60_000 }),
    ];
    expect(draftSlots(jobs, 'a', now)).toEqual({
      free: 2,
      total: 5,
      nextFreeAt: now - 23 * 3600_000 + PENDING_WINDOW_MS,
    });
    expect(draftSlots(jobs, 'b', now)).toEqual({
      free: 4,
      total: 5,
      nextFreeAt: now - 1000 + PENDING_WINDOW_MS,
    });
    expect(draftSlots(jobs, 'c', now)).toEqual({ free: 5, total: 5 });
  });

  it('never shows fewer than 0 free', () => {
    const jobs = Array.from({ length: 7 }, (_, i) => job(String(i), { sentAt: now - i * 1000 }));
    expect(draftSlots(jobs, 'a', now).free).toBe(0);
  });
});
