/** startEmulator: the HTTP server, its routes, fault injection around them, and the request log. */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { progressRange } from './chunk-rules';
import type { EmulatorConfig } from './config';
import type { Ctx } from './context';
import { control } from './control';
import { FAULT_ENDPOINTS, type FaultAction, type FaultEndpoint } from './faults';
import { apiError, drain, jsonReply, type Reply } from './http';
import { inboxPage, serveVideo } from './inbox-page';
import { authorize, revokeEndpoint, tokenEndpoint, userInfo } from './oauth';
import { fetchStatus, initInbox } from './posting';
import { EmulatorState } from './state';
import { findUpload, putChunk } from './upload';

export interface StartOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  config?: Partial<EmulatorConfig>;
  /** Where received bytes go; default a fresh temporary directory, removed on close. */
  dataDir?: string;
}

export interface RunningEmulator {
  url: string;
  close(): Promise<void>;
}

type Handler = (ctx: Ctx) => Promise<Reply> | Reply;
interface Route {
  endpoint: string;
  handler: Handler;
}

/** TikTok's paths end in `/`; the slash is optional here so a client's choice is not what a test checks. */
function routeFor(method: string, pathname: string): Route | Reply {
  const path = pathname.length > 1 ? pathname.replace(/\/$/, '') : pathname;
  const only = (methods: string[], route: Route): Route | Reply =>
    methods.includes(method) ? route : jsonReply(405, { error: `method ${method} not allowed` });
  if (path.startsWith('/_emulator/')) return { endpoint: 'control', handler: control };
  switch (path) {
    case '/v2/auth/authorize':
      return only(['GET', 'POST'], { endpoint: 'authorize', handler: authorize });
    case '/v2/oauth/token':
      return only(['POST'], { endpoint: 'token', handler: tokenEndpoint });
    case '/v2/oauth/revoke':
      return only(['POST'], { endpoint: 'revoke', handler: revokeEndpoint });
    case '/v2/user/info':
      return only(['GET'], { endpoint: 'userinfo', handler: userInfo });
    case '/v2/post/publish/inbox/video/init':
      return only(['POST'], { endpoint: 'init', handler: initInbox });
    case '/v2/post/publish/status/fetch':
      return only(['POST'], { endpoint: 'status', handler: fetchStatus });
    case '/inbox':
      return only(['GET'], { endpoint: 'inbox', handler: inboxPage });
  }
  if (/^\/upload\/[^/]+$/.test(path)) return only(['PUT'], { endpoint: 'upload', handler: putChunk });
  const video = /^\/inbox\/([^/]+)\/video$/.exec(path);
  if (video) {
    const id = decodeURIComponent(video[1]);
    return only(['GET', 'HEAD'], { endpoint: 'video', handler: (ctx) => serveVideo(ctx, id) });
  }
  return apiError(404, 'not_found', `No route for ${method} ${pathname}`);
}

function isFaultEndpoint(endpoint: string): endpoint is FaultEndpoint {
  return (FAULT_ENDPOINTS as readonly string[]).includes(endpoint);
}

function faultReply(ctx: Ctx, endpoint: string, action: Extract<FaultAction, { type: 'status' }>): Reply {
  const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=UTF-8' };
  if (endpoint === 'upload') {
    const upload = findUpload(ctx);
    if (upload?.plan) headers['Content-Range'] = progressRange(upload.receivedBytes, upload.plan.videoSize);
  }
  const code = action.status >= 500 ? 'internal_error' : 'injected_fault';
  const body =
    action.body === undefined
      ? JSON.stringify({
          data: {},
          error: { code, message: 'Injected by the emulator', log_id: 'emulator-fault' },
        })
      : typeof action.body === 'string'
        ? action.body
        : JSON.stringify(action.body);
  return { status: action.status, headers: { ...headers, ...action.headers }, body };
}

/** The answer, cut in half: what a broken proxy or a truncated connection delivers. */
function malformed(reply: Reply): Reply {
  const text = typeof reply.body === 'string' && reply.body.length > 2 ? reply.body : '{"data":{"status":"';
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json; charset=UTF-8' },
    body: text.slice(0, Math.ceil(text.length / 2)),
  };
}

async function send(res: ServerResponse, reply: Reply): Promise<void> {
  if (res.destroyed) return;
  res.writeHead(reply.status, reply.headers);
  if (reply.stream) await pipeline(reply.stream, res).catch(() => res.destroy());
  else res.end(reply.body ?? '');
}

export async function startEmulator(options: StartOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'tiktok-emulator-')));
  await mkdir(dataDir, { recursive: true });
  const state = new EmulatorState(options.config, dataDir);
  const holds = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  let baseUrl = '';

  const hold = (ms: number) =>
    new Promise<void>((resolve) => {
      const entry = { timer: setTimeout(() => (holds.delete(entry), resolve()), ms), resolve };
      holds.add(entry);
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const method = req.method ?? 'GET';
    const ctx: Ctx = { req, res, url, state, baseUrl, note: {} };
    const route = routeFor(method, url.pathname);
    const endpoint = 'endpoint' in route ? route.endpoint : 'other';
    let dropped = false;
    if (endpoint !== 'control') {
      const logEntry = () =>
        state.record({
          time: Date.now(),
          method,
          path: url.pathname,
          endpoint,
          status: dropped || !res.headersSent ? 0 : res.statusCode,
          contentRange: req.headers['content-range'],
          contentLength: req.headers['content-length'] ? Number(req.headers['content-length']) : undefined,
          publishId: ctx.note.publishId,
          errorCode: ctx.note.errorCode,
          origin: req.headers.origin,
          cookie: req.headers.cookie !== undefined,
        });
      res.once('close', logEntry);
    }
    if (!('endpoint' in route)) {
      await drain(req);
      return send(res, route);
    }
    const fault = isFaultEndpoint(endpoint) ? state.faults.take(endpoint, state.now()) : undefined;
    const dropNow = () => {
      dropped = true;
      req.socket.destroy();
    };
    if (fault?.type === 'status') {
      const reply = faultReply(ctx, endpoint, fault);
      ctx.note.errorCode = 'injected_fault';
      await drain(req);
      return send(res, reply);
    }
    if (fault?.type === 'drop' && !fault.store) {
      await drain(req);
      return dropNow();
    }
    let reply: Reply;
    try {
      reply = await route.handler(ctx);
    } catch (e) {
      console.error('emulator: handler failed', e);
      reply = apiError(500, 'internal_error', 'The emulator failed to handle this request');
    }
    if (fault?.type === 'drop') return dropNow();
    if (fault?.type === 'hold') await hold(fault.ms);
    if (fault?.type === 'malformed-json') reply = malformed(reply);
    ctx.note.errorCode = reply.errorCode;
    await drain(req);
    return send(res, reply);
  }

  // No request timeout: a slow chunk PUT may legitimately take minutes.
  const server = http.createServer({ requestTimeout: 0 }, (req, res) => {
    handle(req, res).catch((e) => {
      console.error('emulator: request failed', e);
      res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8790, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: baseUrl,
    async close() {
      state.abortPulls();
      for (const entry of holds) {
        clearTimeout(entry.timer);
        entry.resolve();
      }
      holds.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
