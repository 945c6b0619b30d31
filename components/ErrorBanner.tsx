import { t } from '@/utils/i18n';

interface Props {
  message: string;
  testId: string;
  onDismiss?: () => void;
}

/** A visible, announced error the user can dismiss once read. */
export function ErrorBanner({ message, testId, onDismiss }: Props) {
  return (
    <div class="banner banner-error" role="alert" data-testid={testId}>
      <span class="banner-text">{message}</span>
      {onDismiss && (
        // The × is drawn by CSS so the banner's text is the message alone.
        <button type="button" class="icon-button dismiss" aria-label={t('dismiss')} onClick={onDismiss} />
      )}
    </div>
  );
}
