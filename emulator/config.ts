/** The emulator's configuration: what a TikTok developer app and its portal settings would hold. */
export type AuthMode = 'auto' | 'approve' | 'deny';

export interface EmulatorUser {
  openId: string;
  displayName: string;
  avatarUrl: string;
}

export interface EmulatorConfig {
  clientKey: string;
  clientSecret: string;
  /** Registered redirect URIs, matched exactly (TikTok: static, no query or fragment). */
  redirectUris: string[];
  /** auto: approve at once (302); approve: show Approve/Deny buttons; deny: redirect with access_denied. */
  authMode: AuthMode;
  /** The account that signs in next; tokens keep the user they were issued to. */
  user: EmulatorUser;
  /**
   * Other creators who may sign in: the consent page (approve mode) offers them next to `user`,
   * and `POST /_emulator/sign-in-as` makes one of them `user`. Each keeps their own tokens, drafts
   * and pending-draft slots.
   */
  users: EmulatorUser[];
  /** Verified domains for PULL_FROM_URL; each covers its subdomains. */
  verifiedDomains: string[];
  /** Verified URL prefixes for PULL_FROM_URL, matched exactly as string prefixes. */
  verifiedPrefixes: string[];
  /** Tests and demos only: lets http:// and IP-literal URLs be verified and pulled. */
  allowInsecurePull: boolean;
  /** How long PROCESSING_* lasts after the last byte arrived. */
  processingDelayMs: number;
  codeTtlSec: number;
  accessTokenTtlSec: number;
  refreshTokenTtlSec: number;
  uploadUrlTtlSec: number;
  initPerMinute: number;
  statusPerMinute: number;
  pendingDraftCap: number;
}

export const DEFAULT_CONFIG: EmulatorConfig = {
  clientKey: 'emulator-client-key',
  clientSecret: 'emulator-client-secret',
  redirectUris: ['https://jhihmnaomjcpchhbnbnichoehkgakkep.chromiumapp.org/'],
  authMode: 'auto',
  user: { openId: 'emu-open-id-1', displayName: 'Emulator Creator', avatarUrl: '' },
  users: [],
  verifiedDomains: [],
  verifiedPrefixes: [],
  allowInsecurePull: false,
  processingDelayMs: 3000,
  codeTtlSec: 300,
  accessTokenTtlSec: 86400,
  refreshTokenTtlSec: 31536000,
  uploadUrlTtlSec: 3600,
  initPerMinute: 6,
  statusPerMinute: 30,
  pendingDraftCap: 5,
};

const NUMBER_KEYS = [
  'processingDelayMs',
  'codeTtlSec',
  'accessTokenTtlSec',
  'refreshTokenTtlSec',
  'uploadUrlTtlSec',
  'initPerMinute',
  'statusPerMinute',
  'pendingDraftCap',
] as const satisfies readonly (keyof EmulatorConfig)[];

const STRING_LIST_KEYS = ['redirectUris', 'verifiedDomains', 'verifiedPrefixes'] as const;

export class ConfigError extends Error {}

/**
 * Merges a partial configuration (from a JSON file or the control API) over a base, refusing
 * unknown keys and wrong types so a typo in a test's config fails loudly instead of being ignored.
 */
export function mergeConfig(base: EmulatorConfig, partial: unknown): EmulatorConfig {
  if (partial === undefined || partial === null) return structuredClone(base);
  if (typeof partial !== 'object' || Array.isArray(partial))
    throw new ConfigError('config must be an object');
  const next = structuredClone(base);
  for (const [key, value] of Object.entries(partial)) {
    if (!(key in base)) throw new ConfigError(`unknown config key: ${key}`);
    if ((NUMBER_KEYS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new ConfigError(`${key} must be a non-negative number`);
      }
      (next[key as (typeof NUMBER_KEYS)[number]] as number) = value;
    } else if ((STRING_LIST_KEYS as readonly string[]).includes(key)) {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
        throw new ConfigError(`${key} must be a list of strings`);
      }
      next[key as (typeof STRING_LIST_KEYS)[number]] = [...value];
    } else if (key === 'authMode') {
      if (value !== 'auto' && value !== 'approve' && value !== 'deny') {
        throw new ConfigError('authMode must be auto, approve or deny');
      }
      next.authMode = value;
    } else if (key === 'allowInsecurePull') {
      if (typeof value !== 'boolean') throw new ConfigError('allowInsecurePull must be a boolean');
      next.allowInsecurePull = value;
    } else if (key === 'user') {
      next.user = mergeUser(base.user, value);
    } else if (key === 'users') {
      if (!Array.isArray(value)) throw new ConfigError('users must be a list of users');
      const blank: EmulatorUser = { openId: '', displayName: '', avatarUrl: '' };
      next.users = value.map((u) => mergeUser(blank, u));
      const ids = next.users.map((u) => u.openId);
      if (new Set(ids).size !== ids.length) throw new ConfigError('users must have distinct openIds');
    } else if (key === 'clientKey' || key === 'clientSecret') {
      if (typeof value !== 'string' || value === '')
        throw new ConfigError(`${key} must be a non-empty string`);
      next[key] = value;
    }
  }
  return next;
}

function mergeUser(base: EmulatorUser, value: unknown): EmulatorUser {
  if (typeof value !== 'object' || value === null) throw new ConfigError('user must be an object');
  const user = { ...base };
  for (const [key, v] of Object.entries(value)) {
    if (key !== 'openId' && key !== 'displayName' && key !== 'avatarUrl') {
      throw new ConfigError(`unknown user key: ${key}`);
    }
    if (typeof v !== 'string') throw new ConfigError(`user.${key} must be a string`);
    user[key] = v;
  }
  if (user.openId === '') throw new ConfigError('user.openId must not be empty');
  return user;
}

/** Everyone who may sign in: `user` first, then `users` (without a second copy of `user`). */
export function knownUsers(config: EmulatorConfig): EmulatorUser[] {
  return [config.user, ...config.users.filter((u) => u.openId !== config.user.openId)];
}
