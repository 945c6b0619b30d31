// HTTP client for the token broker, which adds the client secret to TikTok's token, refresh and
// revoke calls (the secret can never ship in the extension). The broker keeps TikTok's paths, so
// this is TikTok's OAuth endpoint spoken through another origin. `fetch` is injected.
import { z } from 'zod';
import { t } from './i18n';

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  expires_in: z.number(),
  refresh_token: z.string().min(1),
  refresh_expires_in: z.number(),
  open_id: z.string(),
  scope: z.string().optional().default(''),
  token_type: z.string().optional(),
});

export interface TokenSet {
  accessToken: string;
  /** Epoch ms. */
  accessExpiresAt: number;
  refreshToken: string;
  refreshExpiresAt: number;
  openId: string;
  scope: string;
}

/**
 * The broker or TikTok answered, and said no. `rejected` means the grant itself is dead (invalid or
 * revoked code/refresh token): signing in again is the only way on. Otherwise it may pass later.
 */
export class BrokerError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly rejected: boolean,
  ) {
    super(message);
    this.name = 'BrokerError';
  }
}

export interface BrokerClient {
  exchangeCode(input: { code: string; redirectUri: string; codeVerifier: string }): Promise<TokenSet>;
  refresh(refreshToken: string): Promise<TokenSet>;
  revoke(token: string): Promise<void>;
}

/** OAuth error codes that mean the grant will never work again. */
const DEAD_GRANT = new Set([
  'invalid_grant',
  'invalid_request',
  'access_denied',
  'invalid_client',
  'unauthorized_client',
]);

export function createBrokerClient(options: {
  brokerUrl: string;
  fetch: typeof fetch;
  now?: () => number;
}): BrokerClient {
  const { now = Date.now } = options;
  const doFetch = options.fetch;
  const endpoint = (path: string) => new URL(path, options.brokerUrl.replace(/\/?$/, '/')).toString();

  async function post(
    path: string,
    form: Record<string, string>,
  ): Promise<{ status: number; body: unknown }> {
    const response = await doFetch(endpoint(path), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      credentials: 'omit',
      // A 307/308 would resend the form (a code or the refresh token) to wherever it points.
      redirect: 'error',
    });
    const text = await response.text();
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  }

  function failure(status: number, body: unknown): BrokerError {
    const record = (body ?? {}) as { error?: unknown; error_description?: unknown };
    // TikTok's OAuth errors are flat ({error, error_description}); the API envelope nests them.
    const nested =
      typeof record.error === 'object' && record.error ? (record.error as { code?: unknown }) : undefined;
    const code = String(nested?.code ?? record.error ?? (status === 429 ? 'rate_limited' : `http_${status}`));
    const description = typeof record.error_description === 'string' ? record.error_description : '';
    const rejected = DEAD_GRANT.has(code) || status === 401;
    const message =
      status === 429
        ? t('brokerBusy')
        : rejected
          ? t('brokerRejected', `${code}${description ? `: ${description}` : ''}`)
          : t('brokerFailed', status, code);
    return new BrokerError(message, code, status, rejected);
  }

  async function tokens(form: Record<string, string>): Promise<TokenSet> {
    const issuedAt = now();
    const { status, body } = await post('v2/oauth/token/', form);
    const parsed = tokenAnswer.safeParse(body);
    if (status !== 200 || !parsed.success) throw failure(status === 200 ? 502 : status, body);
    const t = parsed.data;
    return {
      accessToken: t.access_token,
      accessExpiresAt: issuedAt + t.expires_in * 1000,
      refreshToken: t.refresh_token,
      refreshExpiresAt: issuedAt + t.refresh_expires_in * 1000,
      openId: t.open_id,
      scope: t.scope,
    };
  }

  return {
    exchangeCode({ code, redirectUri, codeVerifier }) {
      return tokens({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: codeVerifier,
      });
    },
    refresh(refreshToken) {
      return tokens({ grant_type: 'refresh_token', refresh_token: refreshToken });
    },
    async revoke(token) {
      const { status, body } = await post('v2/oauth/revoke/', { token });
      if (status !== 200) throw failure(status, body);
    },
  };
}
