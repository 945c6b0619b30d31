// The token broker: the one place that holds the TikTok app's client secret. It adds the secret to
// TikTok's token, refresh and revoke calls and does nothing else. Only web-standard APIs are used
// here (Request, Response, fetch, URLSearchParams, AbortSignal), so the same app runs on Node
// (node.ts) and on Cloudflare Workers (worker.ts).

import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { addressFromHeader, clientKeyFor } from './client-key';
import { callbackTargets, decideCallback } from './oauth-callback';
import { decideStart } from './oauth-start';
import { buildUpstreamForm, type BrokerEndpoint } from './oauth-form';
import { isOriginAllowed, originPolicy } from './origin-policy';
import { DEFAULT_RATE_LIMIT, FixedWindowLimiter, type RateLimitOptions } from './rate-limit';

export interface BrokerOptions {
  clientKey: string;
  clientSecret: string;
  /** TikTok's API origin, e.g. https://open.tiktokapis.com (or the local emulator). */
  apiOrigin: string;
  /** TikTok's authorize page, where `/oauth/start` sends the browser (default: TikTok's). */
  authUrl?: string;
  /** Browser origins allowed to call the broker; `'*'` allows any (local use only). */
  allowedOrigins: string[];
  /**
   * Firefox add-on ids whose redirect URL (https://<sha1>.extensions.allizom.org/) the OAuth
   * callback may send a code to, besides the `chrome-extension://` origins above.
   */
  geckoIds?: string[];
  rateLimit?: RateLimitOptions;
  fetch?: typeof fetch;
  /**
   * The caller's network address: the rate limit's key. Defaults to Cloudflare's
   * `CF-Connecting-IP`, which only Cloudflare can set; on Node, node.ts passes the socket's address.
   */
  clientIp?: (c: Context) => string | undefined;
  /**
   * Behind a reverse proxy, the header it puts the client's address in (e.g. `X-Forwarded-For`).
   * Opt-in: without a proxy that overwrites it, anyone could write it and pick their own bucket.
   */
  trustedIpHeader?: string;
  now?: () => number;
}

const UPSTREAM_TIMEOUT_MS = 15_000;
export const DEFAULT_AUTH_URL = 'https://www.tiktok.com/v2/auth/authorize/';
// Token forms are a few hundred bytes; anything far larger is not a client of this broker.
const MAX_FORM_BYTES = 8 * 1024;

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

const ROUTES: Record<string, BrokerEndpoint> = {
  '/v2/oauth/token/': 'token',
  '/v2/oauth/revoke/': 'revoke',
};

type ErrorBody = { error: string; error_description: string };

function errorJson(c: Context, status: 400 | 403 | 404 | 413 | 415 | 429 | 500 | 502, body: ErrorBody) {
  return c.json(body, status);
}

function cors(allowedOrigins: readonly string[]): MiddlewareHandler {
  const policy = originPolicy(allowedOrigins);
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (!isOriginAllowed(policy, origin)) {
      return errorJson(c, 403, {
        error: 'origin_not_allowed',
        error_description: `Origin ${origin} may not use this broker`,
      });
    }
    // Echo the origin rather than `*` so the answer stays specific to the caller even in `*` mode.
    const corsHeaders: Record<string, string> =
      origin === undefined
        ? {}
        : {
            'Access-Control-Allow-Origin': origin,
            Vary: 'Origin',
            'Access-Control-Expose-Headers': 'Retry-After',
          };
    if (c.req.method === 'OPTIONS') {
      return c.body(null, 204, {
        ...corsHeaders,
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Allow-Headers': c.req.header('access-control-request-headers') ?? 'Content-Type',
        'Access-Control-Max-Age': '600',
      });
    }
    await next();
    // Set on whatever answer the route produced, including TikTok's forwarded one.
    for (const [name, value] of Object.entries(corsHeaders)) c.res.headers.set(name, value);
  };
}

function rateLimit(options: BrokerOptions): MiddlewareHandler {
  const limiter = new FixedWindowLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT, options.now);
  const socketIp = options.clientIp ?? ((c: Context) => c.req.header('cf-connecting-ip'));
  const header = options.trustedIpHeader?.trim();
  const clientIp = header ? (c: Context) => addressFromHeader(c.req.header(header)) : socketIp;
  return async (c, next) => {
    // The address only: Origin is the caller's to choose, so it must not make a new bucket.
    const decision = limiter.take(clientKeyFor(clientIp(c)));
    if (!decision.allowed) {
      c.header('Retry-After', String(decision.retryAfterSec));
      return errorJson(c, 429, {
        error: 'rate_limit_exceeded',
        error_description: `Too many requests; retry in ${decision.retryAfterSec} s`,
      });
    }
    await next();
  };
}

async function readForm(c: Context): Promise<URLSearchParams | (ErrorBody & { status: 413 | 415 })> {
  const type = c.req.header('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return {
      status: 415,
      error: 'invalid_request',
      error_description: 'Content-Type must be application/x-www-form-urlencoded',
    };
  }
  const declared = Number(c.req.header('content-length') ?? 0);
  const text = declared > MAX_FORM_BYTES ? null : await c.req.text();
  if (text === null || text.length > MAX_FORM_BYTES) {
    return { status: 413, error: 'invalid_request', error_description: 'Request body too large' };
  }
  return new URLSearchParams(text);
}

// `fetch failed` alone says little; the cause (ECONNREFUSED, a DNS failure, a timeout) says why.
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown } | undefined;
  return typeof cause?.code === 'string' ? `${error.message}: ${cause.code}` : error.message;
}

export function createBroker(options: BrokerOptions): Hono {
  const apiOrigin = options.apiOrigin.replace(/\/+$/, '');
  const fetchUpstream =
    options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const app = new Hono();
  const limited = rateLimit(options);

  // A top-level navigation from TikTok, not a call from the extension: registered before the CORS
  // check, which is for the token routes. The targets come from the configuration only.
  const targets = callbackTargets(options.allowedOrigins, options.geckoIds ?? []);
  app.get('/oauth/callback', limited, async (c) => {
    const decision = decideCallback(new URL(c.req.url).search.slice(1), await targets);
    const headers = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };
    if (!decision.ok) {
      return c.text(decision.message, decision.status, {
        ...headers,
        'X-Content-Type-Options': 'nosniff',
      });
    }
    return c.body(null, 302, { ...headers, Location: decision.location });
  });
  const authUrl = options.authUrl ?? DEFAULT_AUTH_URL;
  app.get('/oauth/start', limited, async (c) => {
    const decision = decideStart(new URL(c.req.url).search.slice(1), {
      clientKey: options.clientKey,
      authUrl,
      // This route's own address with `start` → `callback`: the URI the TikTok app registers.
      callbackUrl: new URL('callback', new URL(c.req.path, c.req.url)).toString(),
      targets: await targets,
    });
    const headers = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };
    if (!decision.ok) {
      return c.text(decision.message, decision.status, { ...headers, 'X-Content-Type-Options': 'nosniff' });
    }
    return c.body(null, 302, { ...headers, Location: decision.location });
  });

  app.use('*', cors(options.allowedOrigins));
  app.get('/health', (c) => c.json({ ok: true }));

  const forward = async (c: Context) => {
    const endpoint = ROUTES[c.req.path];
    const incoming = await readForm(c);
    if (!(incoming instanceof URLSearchParams)) {
      const { status, ...body } = incoming;
      return errorJson(c, status, body);
    }
    const check = buildUpstreamForm(endpoint, incoming, options);
    if (!check.ok)
      return errorJson(c, 400, { error: check.error, error_description: check.error_description });

    let upstream: Response;
    let body: ArrayBuffer;
    try {
      upstream = await fetchUpstream(`${apiOrigin}${c.req.path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Cache-Control': 'no-cache' },
        body: check.form.toString(),
        redirect: 'manual',
        signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
      });
      body = await upstream.arrayBuffer();
    } catch (error) {
      const reason = describeFailure(error);
      return errorJson(c, 502, {
        error: 'upstream_unreachable',
        error_description: `TikTok could not be reached (${reason})`,
      });
    }
    // TikTok's answer goes back as it came: same status, same body, its content type.
    return new Response(NULL_BODY_STATUSES.has(upstream.status) ? null : body, {
      status: upstream.status,
      headers: {
        'Content-Type': upstream.headers.get('content-type') ?? 'application/json',
        'Cache-Control': 'no-store',
      },
    });
  };

  // Counts the bytes as they arrive, so a chunked body (no Content-Length) is cut off at the limit
  // instead of being read whole into memory first.
  const limitBody = bodyLimit({
    maxSize: MAX_FORM_BYTES,
    onError: (c) =>
      errorJson(c, 413, { error: 'invalid_request', error_description: 'Request body too large' }),
  });
  for (const path of Object.keys(ROUTES)) app.post(path, limited, limitBody, forward);

  app.notFound((c) =>
    errorJson(c, 404, { error: 'not_found', error_description: `${c.req.method} ${c.req.path}` }),
  );
  app.onError((_error, c) =>
    errorJson(c, 500, {
      error: 'internal_error',
      error_description: 'The broker failed to handle the request',
    }),
  );
  return app;
}
