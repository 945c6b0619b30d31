// The connected accounts and their tokens, kept in the background's kv store: one book
// (utils/accounts.ts) and one token set per account, each with its own token keeper, so a refresh
// or a sign-out of one account never touches another. Only the background uses this.
import {
  ACCOUNTS_KEY,
  EMPTY_BOOK,
  findAccount,
  targetAccount,
  tokensKey,
  withAccount,
  withoutAccount,
  type AccountBook,
  type AccountRecord,
} from './accounts';
import type { BrokerClient, TokenSet } from './broker-client';
import { createTokenKeeper, type TokenKeeper } from './tokens';
import { t } from './i18n';

/** The slice of the job store this needs (a fake in tests). */
export interface KvStore {
  kvGet<T>(key: string): Promise<T | undefined>;
  kvSet(key: string, value: unknown): Promise<void>;
  kvDelete(key: string): Promise<void>;
  kvUpdate<T, R = T>(
    key: string,
    change: (value: T | undefined) => { value: T | undefined; result: R },
  ): Promise<R>;
}

export interface AccountRegistry {
  book(): Promise<AccountBook>;
  /** The account new jobs go to, if any is connected. */
  target(): Promise<AccountRecord | undefined>;
  find(openId: string | undefined): Promise<AccountRecord | undefined>;
  setTarget(openId: string): Promise<void>;
  /** Stores a new sign-in's tokens and adds (or refreshes) its account. */
  add(tokens: TokenSet, profile?: { displayName?: string; avatarUrl?: string }): Promise<AccountRecord>;
  /** Updates the name and avatar shown for a connected account. */
  setProfile(openId: string, profile: { displayName: string; avatarUrl?: string }): Promise<void>;
  /** Forgets the account and its tokens (revoking at TikTok is the caller's part). */
  remove(openId: string): Promise<void>;
  tokenSet(openId: string): Promise<TokenSet | undefined>;
  /** The token keeper of one account: refreshes it alone, single-flight. */
  tokensFor(openId: string): TokenKeeper;
}

export function createAccountRegistry(deps: {
  kv: KvStore;
  broker: () => BrokerClient | Promise<BrokerClient>;
  now: () => number;
  /** The accounts changed (pages re-ask for them). */
  onChanged?: () => void;
}): AccountRegistry {
  const { kv, now } = deps;
  const keepers = new Map<string, TokenKeeper>();
  const changed = () => deps.onChanged?.();

  const book = async () => (await kv.kvGet<AccountBook>(ACCOUNTS_KEY)) ?? EMPTY_BOOK;
  const update = (change: (book: AccountBook) => AccountBook) =>
    kv.kvUpdate<AccountBook, AccountBook>(ACCOUNTS_KEY, (current) => {
      const next = change(current ?? EMPTY_BOOK);
      return { value: next.accounts.length ? next : undefined, result: next };
    });

  async function remove(openId: string): Promise<void> {
    await kv.kvDelete(tokensKey(openId));
    await update((current) => withoutAccount(current, openId));
    changed();
  }

  return {
    book,
    target: async () => targetAccount(await book()),
    find: async (openId) => findAccount(await book(), openId),
    async setTarget(openId) {
      await update((current) => {
        if (!findAccount(current, openId)) throw new Error(t('accountNotConnectedError'));
        return { ...current, target: openId };
      });
      changed();
    },
    async add(tokens, profile = {}) {
      await kv.kvSet(tokensKey(tokens.openId), tokens);
      const known = findAccount(await book(), tokens.openId);
      const account: AccountRecord = {
        openId: tokens.openId,
        displayName: profile.displayName || known?.displayName || tokens.openId,
        addedAt: now(),
      };
      const avatarUrl = profile.avatarUrl ?? known?.avatarUrl;
      if (avatarUrl) account.avatarUrl = avatarUrl;
      await update((current) => withAccount(current, account));
      changed();
      return account;
    },
    async setProfile(openId, profile) {
      await update((current) => {
        const known = findAccount(current, openId);
        if (!known) return current;
        const next: AccountRecord = { ...known, displayName: profile.displayName };
        if (profile.avatarUrl) next.avatarUrl = profile.avatarUrl;
        else delete next.avatarUrl;
        return withAccount(current, next);
      });
      changed();
    },
    remove,
    tokenSet: (openId) => kv.kvGet<TokenSet>(tokensKey(openId)),
    tokensFor(openId) {
      let keeper = keepers.get(openId);
      if (!keeper) {
        keeper = createTokenKeeper({
          storage: {
            load: () => kv.kvGet<TokenSet>(tokensKey(openId)),
            save: (value) => kv.kvSet(tokensKey(openId), value),
            // A refresh refused for good: this account is signed out, the others stay.
            clear: () => remove(openId),
          },
          broker: deps.broker,
          now,
        });
        keepers.set(openId, keeper);
      }
      return keeper;
    },
  };
}
