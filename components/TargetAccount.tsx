import type { AuthStatus } from '@/utils/messages';
import { t } from '@/utils/i18n';
import { ask } from './messaging';

interface Props {
  status?: AuthStatus;
  onChanged: () => Promise<void>;
  onError: (error: unknown) => void;
  /** Hears the choice at once, before the background has stored it (see useTarget). */
  onChoose?: (openId: string) => void;
  /** The target the page shows (shownTarget); the background's when absent. */
  value?: string;
}

/**
 * The target the page shows: the user's latest choice while that account is connected, else the
 * background's. Sent with each new job, so a job sent right after the choice goes where the page
 * said it would, even before the background has stored the choice.
 */
export function shownTarget(status: AuthStatus | undefined, chosen: string | undefined): string | undefined {
  if (chosen && status?.accounts?.some((a) => a.openId === chosen)) return chosen;
  return status?.target;
}

/** `target-account`: which connected account new jobs go to (kept by the background). */
export function TargetAccount({ status, onChanged, onError, onChoose, value }: Props) {
  const accounts = status?.accounts ?? [];
  if (accounts.length === 0) return null;
  const choose = async (openId: string) => {
    onChoose?.(openId);
    try {
      await ask({ type: 'accounts/set-target', openId });
    } catch (error) {
      onError(error);
    } finally {
      await onChanged();
    }
  };
  return (
    <label class="target-account muted">
      {t('targetLabel')}{' '}
      <select
        data-testid="target-account"
        value={value ?? status?.target}
        onChange={(event) => void choose(event.currentTarget.value)}
      >
        {accounts.map((account) => (
          <option key={account.openId} value={account.openId}>
            {account.displayName}
          </option>
        ))}
      </select>
    </label>
  );
}
