// Account state as the background reports it. Pages never see tokens, only this summary.
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { AuthStatus } from '@/utils/messages';
import { ask, errorMessage } from './messaging';

export interface AuthState {
  status?: AuthStatus;
  error?: string;
  refresh: () => Promise<void>;
}

/** Polled as well, since sign-in can finish (or a refresh fail) while the page is open. */
export function useAuthStatus(pollMs = 2000): AuthState {
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
    void refresh();
    const timer = setInterval(() => void refresh(), pollMs);
    return () => clearInterval(timer);
  }, [refresh, pollMs]);

  return { status, error, refresh };
}
