// Account state as the background reports it. Pages never see tokens, only this summary. Asked once,
// then again only when the background broadcasts AUTH_CHANGED (sign-in finished, sign-out, a refresh
// that failed, settings saved): no polling, so no user/info call every few seconds.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { AUTH_CHANGED } from '@/utils/broadcasts';
import type { AuthStatus } from '@/utils/messages';
import { ask, errorMessage } from './messaging';

export interface AuthState {
  status?: AuthStatus;
  error?: string;
  refresh: () => Promise<void>;
}

export function useAuthStatus(): AuthState {
  const [status, setStatus] = useState<AuthStatus>();
  const [error, setError] = useState<string>();

  const refresh = useCallback(async () => {
    try {
      setStatus(await ask<AuthStatus>({ type: 'auth/status' }));
      setError(undefined);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    const onMessage = (message: unknown, sender: { id?: string }): undefined => {
      if (sender.id === browser.runtime.id && (message as { type?: unknown } | null)?.type === AUTH_CHANGED)
        void refresh();
      return undefined;
    };
    browser.runtime.onMessage.addListener(onMessage);
    void refresh();
    return () => browser.runtime.onMessage.removeListener(onMessage);
  }, [refresh]);

  return { status, error, refresh };
}
