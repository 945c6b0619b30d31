import { useState } from 'preact/hooks';
import type { AccountView } from '@/utils/accounts';
import { formatClock } from '@/utils/format';
import { aroundSlot, SLOT, t } from '@/utils/i18n';
import type { AuthStatus } from '@/utils/messages';
import { ask } from './messaging';
import { TargetAccount } from './TargetAccount';

interface Props {
  status?: AuthStatus;
  onChanged: () => Promise<void>;
  onError: (error: unknown) => void;
  onChoose?: (openId: string) => void;
  /** The target account the page shows. */
  target?: string;
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return (parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : name.slice(0, 2)).toUpperCase();
}

/** Only TikTok's https images are shown; anything else (or a failed load) shows initials. */
function Avatar({ account }: { account: AccountView }) {
  const [broken, setBroken] = useState(false);
  const url = account.avatarUrl;
  if (url && url.startsWith('https://') && !broken) {
    return <img class="avatar" src={url} alt="" width={26} height={26} onError={() => setBroken(true)} />;
  }
  return (
    <span class="avatar" aria-hidden="true">
      {initials(account.displayName || t('accountFallbackName'))}
    </span>
  );
}

/**
 * Connect, or each connected account (name, avatar, draft slots, Disconnect), Add account and the
 * account new jobs go to. Tokens stay in the background; this page only asks.
 */
export function AccountBar({ status, onChanged, onError, onChoose, target }: Props) {
  const [busy, setBusy] = useState<string>();

  const run = async (key: string, request: Parameters<typeof ask>[0]) => {
    setBusy(key);
    try {
      await ask(request);
    } catch (error) {
      onError(error);
    } finally {
      setBusy(undefined);
      await onChanged();
    }
  };

  if (!status) {
    return (
      <div class="account-bar" aria-busy="true">
        <span class="account-name muted">{t('accountChecking')}</span>
      </div>
    );
  }

  const accounts = status.accounts ?? [];
  if (accounts.length === 0) {
    return (
      <div class="account-bar">
        <span class="account-name muted">{t('accountNotConnected')}</span>
        <button
          type="button"
          class="button button-primary button-small"
          data-testid="connect"
          disabled={busy === 'connect'}
          onClick={() => void run('connect', { type: 'auth/connect' })}
        >
          {busy === 'connect' ? t('accountConnecting') : t('accountConnect')}
        </button>
      </div>
    );
  }

  const now = Date.now();
  return (
    <div class="accounts">
      <ul class="account-list">
        {accounts.map((account) => {
          const name = account.displayName || t('accountFallbackName');
          const { free, total, nextFreeAt } = account.slots;
          const key = `disconnect:${account.openId}`;
          const [signedInBefore, signedInAfter] = aroundSlot(t('accountSignedInAs', SLOT));
          return (
            <li key={account.openId} class="account-bar" data-account-id={account.openId}>
              <Avatar account={account} />
              <span class="account-name" title={t('accountSignedInAs', name)}>
                <span class="visually-hidden">{signedInBefore}</span>
                {/* The name alone: its text is what tests and screen readers read as the account. */}
                <span
                  data-testid="account"
                  data-account-id={account.openId}
                  data-avatar-url={account.avatarUrl}
                >
                  {name}
                </span>
                {signedInAfter && <span class="visually-hidden">{signedInAfter}</span>}
                <span
                  class="draft-slots muted"
                  data-testid="draft-slots"
                  data-account-id={account.openId}
                  data-free={String(free)}
                  data-total={String(total)}
                  data-next-free-at={nextFreeAt === undefined ? undefined : String(nextFreeAt)}
                  title={t('accountSlotsTitle')}
                >
                  {t('accountSlots', free, total)}
                  {nextFreeAt !== undefined && free < total && (
                    <span class="next-free"> · {t('accountNextFree', formatClock(nextFreeAt, now))}</span>
                  )}
                </span>
              </span>
              <button
                type="button"
                class="button button-quiet button-small"
                data-testid="disconnect"
                data-account-id={account.openId}
                disabled={busy === key}
                onClick={() => void run(key, { type: 'auth/disconnect', openId: account.openId })}
              >
                {busy === key ? t('accountDisconnecting') : t('accountDisconnect')}
              </button>
            </li>
          );
        })}
      </ul>
      <div class="account-actions">
        <TargetAccount
          status={status}
          onChanged={onChanged}
          onError={onError}
          onChoose={onChoose}
          value={target}
        />
        <button
          type="button"
          class="button button-quiet button-small"
          data-testid="add-account"
          disabled={busy === 'add'}
          onClick={() => void run('add', { type: 'auth/connect' })}
        >
          {busy === 'add' ? t('accountAdding') : t('accountAdd')}
        </button>
      </div>
    </div>
  );
}
