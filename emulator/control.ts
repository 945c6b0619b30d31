/** The control API tests and demos use to steer the emulator (CONTRACT.md "Control API"). */
import { ConfigError, knownUsers, mergeConfig } from './config';
import type { Ctx } from './context';
import { FaultError, parseFault } from './faults';
import { BodyTooLarge, jsonReply, readSmallBody, type Reply } from './http';
import { holdsPendingSlot, PENDING_WINDOW_MS, settle, uploadView } from './uploads';

class BadRequest extends Error {}

async function readJson(ctx: Ctx): Promise<Record<string, unknown>> {
  const text = await readSmallBody(ctx.req, 1024 * 1024);
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequest('body must be JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new BadRequest('body must be an object');
  return value as Record<string, unknown>;
}

export async function control(ctx: Ctx): Promise<Reply> {
  try {
    return await route(ctx);
  } catch (e) {
    if (
      e instanceof BadRequest ||
      e instanceof ConfigError ||
      e instanceof FaultError ||
      e instanceof BodyTooLarge
    ) {
      return jsonReply(400, { error: e.message || 'bad request' });
    }
    throw e;
  }
}

async function route(ctx: Ctx): Promise<Reply> {
  const { state } = ctx;
  const method = ctx.req.method ?? 'GET';
  const path = ctx.url.pathname.replace(/^\/_emulator/, '').replace(/\/$/, '');
  const now = state.now();

  if (path === '/reset' && method === 'POST') {
    const body = await readJson(ctx);
    await state.reset(body.config);
    return jsonReply(200, { ok: true, config: state.config });
  }
  if (path === '/config' && method === 'GET') return jsonReply(200, state.config);
  if (path === '/config' && method === 'POST') {
    state.config = mergeConfig(state.config, await readJson(ctx));
    return jsonReply(200, state.config);
  }
  if (path === '/faults' && method === 'GET') return jsonReply(200, { faults: state.faults.list() });
  if (path === '/faults' && method === 'POST') {
    const body = await readJson(ctx);
    if (!Array.isArray(body.faults)) throw new BadRequest('faults must be a list');
    state.faults.add(body.faults.map(parseFault));
    return jsonReply(200, { faults: state.faults.list() });
  }
  if (path === '/faults' && method === 'DELETE') {
    state.faults.clear();
    return jsonReply(200, { faults: [] });
  }
  if (path === '/expire' && method === 'POST') return expire(ctx, await readJson(ctx), now);
  if (path === '/log' && method === 'GET') return jsonReply(200, { requests: state.log });
  if (path === '/uploads' && method === 'GET') {
    const uploads = [...state.uploads.values()].map((u) => uploadView(settle(u, now), ctx.baseUrl));
    return jsonReply(200, { uploads });
  }
  const one = /^\/uploads\/([^/]+)$/.exec(path);
  if (one && method === 'GET') {
    const upload = state.uploads.get(decodeURIComponent(one[1]));
    return upload
      ? jsonReply(200, uploadView(settle(upload, now), ctx.baseUrl))
      : jsonReply(404, { error: 'unknown publishId' });
  }
  if (path === '/sign-in-as' && method === 'POST') {
    const body = await readJson(ctx);
    const user = knownUsers(state.config).find((u) => u.openId === body.openId);
    if (!user) throw new BadRequest('openId must be config.user or one of config.users');
    state.config = { ...state.config, user: { ...user } };
    return jsonReply(200, state.config);
  }
  if (path === '/users' && method === 'GET') return jsonReply(200, { users: userViews(ctx, now) });
  const age = /^\/drafts\/([^/]+)\/age$/.exec(path);
  if (age && method === 'POST') {
    const upload = state.uploads.get(decodeURIComponent(age[1]));
    if (!upload) return jsonReply(404, { error: 'unknown publishId' });
    const { ms } = await readJson(ctx);
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
      throw new BadRequest('ms must be a number ≥ 0');
    // The draft was made `ms` earlier: how a test lets 24 h pass without waiting for them.
    upload.createdAt -= ms;
    return jsonReply(200, uploadView(settle(upload, now), ctx.baseUrl));
  }
  const act = /^\/drafts\/([^/]+)\/(posted|deleted)$/.exec(path);
  if (act && method === 'POST') {
    const upload = state.uploads.get(decodeURIComponent(act[1]));
    if (!upload) return jsonReply(404, { error: 'unknown publishId' });
    upload.state = act[2] as 'posted' | 'deleted';
    return jsonReply(200, uploadView(settle(upload, now), ctx.baseUrl));
  }
  return jsonReply(404, { error: `no control route ${method} ${ctx.url.pathname}` });
}

function expire(ctx: Ctx, body: Record<string, unknown>, now: number): Reply {
  const { state } = ctx;
  if (body.uploadUrls === true) {
    for (const u of state.uploads.values()) if (u.uploadExpiresAt !== undefined) u.uploadExpiresAt = now;
  }
  if (body.accessTokens === true) for (const g of state.accessTokens.values()) g.expiresAt = now;
  if (body.refreshTokens === true) for (const g of state.refreshTokens.values()) g.expiresAt = now;
  if (body.publishId !== undefined) {
    const upload = typeof body.publishId === 'string' ? state.uploads.get(body.publishId) : undefined;
    if (!upload) return jsonReply(404, { error: 'unknown publishId' });
    upload.uploadExpiresAt = now;
  }
  return jsonReply(200, { ok: true });
}

/** Each known user (and anyone else who holds drafts) with the pending slots their drafts hold. */
function userViews(ctx: Ctx, now: number) {
  const { state } = ctx;
  const users = new Map(knownUsers(state.config).map((u) => [u.openId, u]));
  for (const [openId, u] of state.users) if (!users.has(openId)) users.set(openId, u);
  return [...users.values()].map((u) => {
    const holding = [...state.uploads.values()].filter(
      (d) => d.openId === u.openId && holdsPendingSlot(settle(d, now), now),
    );
    const oldest = Math.min(...holding.map((d) => d.createdAt));
    return {
      ...u,
      pendingDrafts: holding.length,
      pendingDraftCap: state.config.pendingDraftCap,
      nextSlotFreesAt: holding.length ? oldest + PENDING_WINDOW_MS : undefined,
    };
  });
}
