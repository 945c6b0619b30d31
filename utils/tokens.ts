// Keeps the access token fresh. Refresh happens ahead of expiry and, at most once per stale token,
// after a 401; concurrent callers share one refresh (TikTok rotates the refresh token, so two
// parallel refreshes would race and one would hold a dead token). Only the background uses this.
import type { BrokerClient, TokenSet } from './broker-client';
import { BrokerError } from './broker-client';
import { singleFlight } from './single-flight';
import { t } from './i18n';

/** Refresh when less than this is left, so a token never expires in the middle of a chunk. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

/** No usable sign-in: the user must connect (again). */
export class NotSignedInError extends Error {
  constructor(message = t('notSignedIn')) {
    super(message);
    this.name = 'NotSignedInError';
  }
}

export interface TokenStorage {
  load(): Promise<TokenSet | undefined>;
  save(tokens: TokenSet): Promise<void>;
  clear(): Promise<void>;
}

export interface TokenKeeper {
  /** A token valid for at least REFRESH_MARGIN_MS, refreshed if needed. Throws NotSignedInError. */
  accessToken(): Promise<string>;
  /** After TikTok said `stale` is invalid: refresh once, unless another caller already did. */
  renewAfterRejection(stale: string): Promise<string>;
  signedIn(): Promise<boolean>;
}

export function createTokenKeeper(deps: {
  storage: TokenStorage;
  broker: () => BrokerClient | Promise<BrokerClient>;
  now: () => number;
  /** Called when a refresh was refused for good and the tokens were cleared. */
  onSignedOut?: (reason: string) => void | Promise<void>;
}): TokenKeeper {
  const { storage, now } = deps;

  const refresh = singleFlight(async (): Promise<TokenSet> => {
    const current = await storage.load();
    if (!current) throw new NotSignedInError();
    if (current.refreshExpiresAt <= now())
      return signOut('Your TikTok sign-in has expired. Connect again from the extension popup.');
    try {
      const next = await (await deps.broker()).refresh(current.refreshToken);
      await storage.save(next);
      return next;
    } catch (err) {
      if (err instanceof BrokerError && err.rejected) return signOut(err.message);
      throw err;
    }
  });

  /** `reason` is shown to the user: it names the cause and the next step. */
  async function signOut(reason: string): Promise<never> {
    await storage.clear();
    await deps.onSignedOut?.(reason);
    throw new NotSignedInError(reason);
  }

  return {
    async accessToken() {
      const current = await storage.load();
      if (!current) throw new NotSignedInError();
      if (current.accessExpiresAt - now() > REFRESH_MARGIN_MS) return current.accessToken;
      return (await refresh()).accessToken;
    },
    async renewAfterRejection(stale) {
      const current = await storage.load();
      if (!current) throw new NotSignedInError();
      if (current.accessToken !== stale) return current.accessToken;
      return (await refresh()).accessToken;
    },
    async signedIn() {
      return (await storage.load()) !== undefined;
    },
  };
}
