import { useRef, useState } from 'preact/hooks';

interface Props {
  onFiles: (files: File[]) => Promise<void>;
  onUrl: (url: string) => Promise<void>;
}

/** The two ways in from the popup: a local file, or a pasted link. */
export function SendPanel({ onFiles, onUrl }: Props) {
  // Uncontrolled: the value is read on submit, however it was put there (typing, paste, a script).
  const urlInput = useRef<HTMLInputElement>(null);
  const [sending, setSending] = useState(false);

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
    <section class="send" aria-label="Send a video">
      <label class="drop-target">
        <input
          type="file"
          accept="video/*"
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
            <strong>Choose a video</strong> or drop it here
          </span>
          <span class="muted small">MP4, MOV or WebM, up to 4 GB</span>
        </span>
      </label>
      {/* noValidate: a malformed link must still reach the background and fail there with a reason. */}
      <form class="url-form" onSubmit={submitUrl} noValidate>
        <label class="visually-hidden" for="url-input">
          Video link
        </label>
        <input
          id="url-input"
          type="text"
          inputMode="url"
          autoComplete="off"
          spellcheck={false}
          placeholder="…or paste a video link"
          data-testid="url-input"
          ref={urlInput}
        />
        <button type="submit" class="button button-primary" data-testid="send-url" disabled={sending}>
          Send
        </button>
      </form>
    </section>
  );
}
