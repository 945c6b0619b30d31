import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../server';
import { boot, control, fetchStatus, initFile, mp4Bytes, putChunk, signIn, type Json } from './helpers';

const OTHER = {
  openId: 'emu-open-id-2',
  displayName: 'Second Creator',
  avatarUrl: 'https://example.com/b.png',
};

let emu: RunningEmulator;
let token: string;
beforeEach(async () => {
  emu = await boot();
  token = (await signIn(emu.url)).access_token;
});
afterEach(() => emu.close());

describe('per-user limits', () => {
  it('refuses a 7th init within a minute with 429 rate_limit_exceeded and Retry-After', async () => {
    await control(emu.url, '/config', { pendingDraftCap: 100 });
    for (let i = 0; i < 6; i++) expect((await initFile(emu.url, token, 1000, 1000, 1)).status).toBe(200);
    const seventh = await initFile(emu.url, token, 1000, 1000, 1);
    expect(seventh.status).toBe(429);
    expect(seventh.json.error.code).toBe('rate_limit_exceeded');
    const retryAfter = Number(seventh.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(59);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('counts the init window per access token, as TikTok documents it', async () => {
    await control(emu.url, '/config', { pendingDraftCap: 100, initPerMinute: 2 });
    const second = (await signIn(emu.url)).access_token;
    expect((await initFile(emu.url, token, 1000, 1000, 1)).status).toBe(200);
    expect((await initFile(emu.url, token, 1000, 1000, 1)).status).toBe(200);
    expect((await initFile(emu.url, token, 1000, 1000, 1)).status).toBe(429);
    // Another token (here of the same user) has a window of its own.
    expect((await initFile(emu.url, second, 1000, 1000, 1)).status).toBe(200);
    expect((await initFile(emu.url, second, 1000, 1000, 1)).status).toBe(200);
    expect((await initFile(emu.url, second, 1000, 1000, 1)).status).toBe(429);
  });

  it('shares the 5 pending drafts between all tokens of one user, not between users', async () => {
    await control(emu.url, '/config', { initPerMinute: 100, users: [OTHER] });
    const second = (await signIn(emu.url)).access_token;
    for (let i = 0; i < 3; i++) expect((await initFile(emu.url, token, 1000, 1000, 1)).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await initFile(emu.url, second, 1000, 1000, 1)).status).toBe(200);
    expect((await initFile(emu.url, second, 1000, 1000, 1)).json.error.code).toBe(
      'spam_risk_too_many_pending_share',
    );
    await control(emu.url, '/sign-in-as', { openId: OTHER.openId });
    const other = (await signIn(emu.url)).access_token;
    expect((await initFile(emu.url, other, 1000, 1000, 1)).status).toBe(200);
  });

  it('refuses a 31st status fetch within a minute', async () => {
    const { json } = await initFile(emu.url, token, 1000, 1000, 1);
    for (let i = 0; i < 30; i++)
      expect((await fetchStatus(emu.url, token, json.data.publish_id)).status).toBe(200);
    const over = await fetchStatus(emu.url, token, json.data.publish_id);
    expect(over.status).toBe(429);
    expect(over.json.error.code).toBe('rate_limit_exceeded');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('holds 5 pending drafts; the 6th is refused until the creator posts one', async () => {
    // The refused init still counts against 6/min, so the retry would hit the rate limit.
    await control(emu.url, '/config', { initPerMinute: 100 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await initFile(emu.url, token, 1000, 1000, 1)).json.data.publish_id);
    const sixth = await initFile(emu.url, token, 1000, 1000, 1);
    expect(sixth.status).toBe(403);
    expect(sixth.json.error.code).toBe('spam_risk_too_many_pending_share');

    const posted = await control(emu.url, `/drafts/${encodeURIComponent(ids[0])}/posted`, {});
    expect(posted.json.state).toBe('posted');
    expect((await initFile(emu.url, token, 1000, 1000, 1)).status).toBe(200);
  });

  it('frees a slot when a draft is deleted or fails, not when it reaches the inbox', async () => {
    await control(emu.url, '/config', { pendingDraftCap: 2, initPerMinute: 100 });
    const video = mp4Bytes(4000);
    const a = (await initFile(emu.url, token, 4000, 4000, 1)).json.data;
    await putChunk(a.upload_url, video, 0, 3999);
    const bad = Buffer.from('x'.repeat(4000));
    const b = (await initFile(emu.url, token, 4000, 4000, 1)).json.data;
    await putChunk(b.upload_url, bad, 0, 3999);
    await new Promise((r) => setTimeout(r, 120));
    // a is in the inbox (still pending); b failed its format check (freed).
    expect((await initFile(emu.url, token, 4000, 4000, 1)).status).toBe(200);
    expect((await initFile(emu.url, token, 4000, 4000, 1)).status).toBe(403);
    await control(emu.url, `/drafts/${encodeURIComponent(a.publish_id)}/deleted`, {});
    expect((await initFile(emu.url, token, 4000, 4000, 1)).status).toBe(200);
  });

  it('frees a slot 24 h after the draft’s init, whatever its state', async () => {
    await control(emu.url, '/config', { pendingDraftCap: 2, initPerMinute: 100 });
    const first = (await initFile(emu.url, token, 1000, 1000, 1)).json.data.publish_id as string;
    await initFile(emu.url, token, 1000, 1000, 1);
    expect((await initFile(emu.url, token, 1000, 1000, 1)).status).toBe(403);
    const path = `/drafts/${encodeURIComponent(first)}/age`;
    // One minute short of 24 h: still counted.
    await control(emu.url, path, { ms: 24 * 3600_000 - 60_000 });
    expect((await initFile(emu.url, token, 1000, 1000, 1)).status).toBe(403);
    const users = (await control(emu.url, '/users', undefined, 'GET')).json.users as Json[];
    const me = users.find((u) => u.openId === 'emu-open-id-1')!;
    expect(me.pendingDrafts).toBe(2);
    expect(me.nextSlotFreesAt - Date.now()).toBeLessThanOrEqual(60_000);
    expect(me.nextSlotFreesAt - Date.now()).toBeGreaterThan(50_000);
    await control(emu.url, path, { ms: 60_000 });
    expect((await initFile(emu.url, token, 1000, 1000, 1)).status).toBe(200);
  });

  it('shows PUBLISH_COMPLETE once the creator posted the draft', async () => {
    const { publish_id, upload_url } = (await initFile(emu.url, token, 4000, 4000, 1)).json.data;
    await putChunk(upload_url, mp4Bytes(4000), 0, 3999);
    await new Promise((r) => setTimeout(r, 120));
    await control(emu.url, `/drafts/${encodeURIComponent(publish_id)}/posted`, {});
    expect((await fetchStatus(emu.url, token, publish_id)).json.data.status).toBe('PUBLISH_COMPLETE');
  });
});

describe('status fetch', () => {
  it('knows only real publish ids, and only for their own user', async () => {
    const { publish_id } = (await initFile(emu.url, token, 1000, 1000, 1)).json.data;
    const unknown = await fetchStatus(emu.url, token, 'v_inbox_file~v2.1');
    expect(unknown.json.error.code).toBe('invalid_publish_id');

    await control(emu.url, '/config', { user: { openId: 'emu-open-id-2', displayName: 'Someone Else' } });
    const stranger = (await signIn(emu.url)).access_token;
    const theirs = await fetchStatus(emu.url, stranger, publish_id);
    expect(theirs.json.error.code).toBe('token_not_authorized_for_specified_publish_id');
    const mine = await fetchStatus(emu.url, token, publish_id);
    expect(mine.json.data).toMatchObject({
      status: 'PROCESSING_UPLOAD',
      uploaded_bytes: 0,
      downloaded_bytes: 0,
    });
  });
});
