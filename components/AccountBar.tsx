import { useState } from 'preact/hooks';
import type { AuthStatus } from '@/utils/messages';
import { ask } from './messaging';

interface Props {
  status?: AuthStatus;
  onChanged: () => Promise<void>;
  onError: (error: unknown) => void;
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return (parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : name.slice(0, 2)).toUpperCase();
}

/** Connect, or the signed-in account with Disconnect. Tokens stay in the background. */
export function AccountBar({ status, onChanged, onError }: Props) {
  const [busy, setBusy] = useState<'connect' | 'disconnect'>();

  const run = async (kind: 'connect' | 'disconnect') => {
    setBusy(kind);
    try {
      await ask({ type: kind === 'connect' ? 'auth/connect' : 'auth/disconnect' });
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
        <span class="account-name muted">Checking your TikTok account…</span>
      </div>
    );
  }

  if (status.connected) {
    const name = status.account?.displayName || 'TikTok account';
    return (
      <div class="account-bar">
        <span class="avatar" aria-hidden="true">
          {initials(name)}
        </span>
        <span class="account-name" title={`Signed in as ${name}`}>
          <span class="visually-hidden">Signed in as </span>
          <span data-testid="account">{name}</span>
        </span>
        <button
          type="button"
          class="button button-quiet button-small"
          data-testid="disconnect"
          disabled={busy === 'disconnect'}
          onClick={() => void run('disconnect')}
        >
          {busy === 'disconnect' ? 'Disconnecting…' : 'Disconnect'}
        </button>
      </div>
    );
  }

  return (
    <div class="account-bar">
      <span class="account-name muted">Not connected</span>
      <button
        type="button"
        class="button button-primary button-small"
        data-testid="connect"
        disabled={busy === 'connect'}
        onClick={() => void run('connect')}
      >
        {busy === 'connect' ? 'Connecting…' : 'Connect TikTok'}
      </button>
    </div>
  );
}
