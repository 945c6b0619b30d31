// A page without `browser.i18n` (Chrome's offscreen document) reads its words from the locale file
// Chrome would pick, and `t()` speaks from that table: the offscreen's errors reach the user in
// the browser's language like the background's.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { substitute, t, useMessageTable } from '../i18n';
import { notPlayable, preflightVerdict } from '../media/preflight';
import { refusalFor } from '../media/refusals';
import { loadPageMessages, localeCandidates } from '../page-messages';

const PUBLIC = path.resolve(import.meta.dirname, '../../public');

/** The extension's own files, as `fetch(runtime.getURL(path))` answers them; a missing one throws. */
async function extensionFile(file: string): Promise<unknown> {
  return JSON.parse(readFileSync(path.join(PUBLIC, file), 'utf8')) as unknown;
}

describe('words for a page without browser.i18n', () => {
  const i18n = fakeBrowser.i18n;
  const asked: string[] = [];
  const fetchFile = (file: string) => {
    asked.push(file);
    return extensionFile(file);
  };

  beforeEach(() => {
    asked.length = 0;
    // As in the offscreen document: the API is absent, not empty.
    (fakeBrowser as { i18n?: unknown }).i18n = undefined;
  });
  afterEach(() => {
    fakeBrowser.i18n = i18n;
    useMessageTable({});
  });

  it('tries the region, then the language, then English, as Chrome does', () => {
    expect(localeCandidates(['es-ES', 'en-US'])).toEqual(['es_ES', 'es', 'en_US', 'en']);
    expect(localeCandidates(['fr'])).toEqual(['fr', 'en']);
    expect(localeCandidates([])).toEqual(['en']);
  });

  it('a Spanish browser: the pre-flight and stream refusals are in Spanish', async () => {
    expect(await loadPageMessages(['es-ES', 'es'], fetchFile)).toBe('es');
    expect(asked).toEqual(['/_locales/es_ES/messages.json', '/_locales/es/messages.json']);
    const long = preflightVerdict({
      container: 'mp4',
      videoCodec: 'avc',
      audioCodec: 'aac',
      width: 1080,
      height: 1920,
      fps: 30,
      durationSec: 660,
    });
    expect(long).toEqual({
      ok: false,
      error: {
        code: 'too_long',
        message:
          'El vídeo dura 11:00; los borradores de TikTok pueden durar como máximo 10 minutos. Acórtalo y vuelve a enviarlo.',
      },
    });
    expect(notPlayable('moov missing').message).toMatch(
      /^Esto no es un vídeo reproducible \(moov missing\):/,
    );
    expect(refusalFor({ live: true })?.message).toMatch(/^Esto es una emisión en directo/);
  });

  it('a browser in a language the extension lacks falls back to English', async () => {
    expect(await loadPageMessages(['fr-FR'], fetchFile)).toBe('en');
    expect(preflightVerdict(undefined)).toEqual({
      ok: false,
      error: {
        code: 'not_playable',
        message:
          'This is not a playable video: its format could not be read, so TikTok would refuse it. Open it in a video player to check it, or export it again as MP4 (H.264).',
      },
    });
  });

  it('before its table arrives, a message shows its key rather than nothing', () => {
    expect(t('preflightTooLong', '11:00')).toBe('preflightTooLong');
  });

  it('substitutes as Chrome does: $1…$9, and $$ for a dollar sign', () => {
    expect(substitute('$1 costs $$5 ($2)', ['Ana'])).toBe('Ana costs $5 ()');
  });
});
