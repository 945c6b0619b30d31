import { useRef, useState } from 'preact/hooks';
import { aroundSlot, SLOT, t } from '@/utils/i18n';
import { VIDEO_ACCEPT } from './start-jobs';

interface Props {
  onFiles: (files: File[]) => Promise<void>;
  onUrl: (url: string) => Promise<void>;
}

/** The two ways in from the popup: a local file, or a pasted link. */
export function SendPanel({ onFiles, onUrl }: Props) {
  // Uncontrolled: the value is read on submit, however it was put there (typing, paste, a script).
  const urlInput = useRef<HTMLInputElement>(null);
  const [sending, setSending] = useState(false);
  const [dropBefore, dropAfter] = aroundSlot(t('sendDropPrompt', SLOT));

  const submitUrl = async (event: Event) => {
    event.preventDefault();
    const input = urlInput.current;
    const trimmed = input?.value.trim();
    if (!input || !trimmed) return;
    setSending(true);
    try {
      await onUrl(trimmed);
      input.value = '';
    } catch {
      // The owner showed the error; the link stays in the box for another try.
    } finally {
      setSending(false);
    }
  };

  return (
    <section class="send" aria-label={t('sendSection')}>
      <label class="drop-target">
        <input
          type="file"
          accept={VIDEO_ACCEPT}
          multiple
          class="visually-hidden"
          data-testid="file-input"
          onChange={(event) => {
            const input = event.currentTarget;
            const files = Array.from(input.files ?? []);
            // Cleared so choosing the same file again still fires a change.
            input.value = '';
            if (files.length) void onFiles(files);
          }}
        />
        <span class="drop-icon" aria-hidden="true">
          ⇪
        </span>
        <span class="drop-text">
          <span>
            {dropBefore}
            <strong>{t('sendChooseVideo')}</strong>
            {dropAfter}
          </span>
          <span class="muted small">{t('sendFormats')}</span>
        </span>
      </label>
      {/* noValidate: a malformed link must still reach the background and fail there with a reason. */}
      <form class="url-form" onSubmit={submitUrl} noValidate>
        <label class="visually-hidden" for="url-input">
          {t('sendUrlLabel')}
        </label>
        <input
          id="url-input"
          type="text"
          inputMode="url"
          autoComplete="off"
          spellcheck={false}
          placeholder={t('sendUrlPlaceholder')}
          data-testid="url-input"
          ref={urlInput}
        />
        <button type="submit" class="button button-primary" data-testid="send-url" disabled={sending}>
          {t('sendUrlButton')}
        </button>
      </form>
    </section>
  );
}
