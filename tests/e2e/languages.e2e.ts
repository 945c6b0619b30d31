// Languages (issue 12): the extension speaks the browser's language. In a Spanish Chromium the
// popup's job list, statuses and progress lines are in Spanish, and so are the reasons a job
// failed: the pre-flight's (read in the offscreen document, judged in the background) and the
// source's (a 404, an empty file, an address that is not http). The English run is every other
// e2e test (they read English words such as "Capturing the stream").
import { writeFile } from 'node:fs/promises';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { preflightMedia, unplayableMp4, type PreflightMedia } from '../fixtures/preflight-media';
import { saveScreenshot } from './harness/artifacts';
import { emulator } from './harness/emulator';
import { SITE_URL, TMP_DIR } from './harness/env';
import { withExtension } from './harness/launch';
import { Popup } from './harness/popup';
import { videoUrl } from './harness/site';
import { resetWorld, tmpFile } from './harness/world';

let media: (name: PreflightMedia) => string;

beforeAll(async () => {
  media = await preflightMedia(TMP_DIR);
}, 240_000);

describe('languages', () => {
  beforeEach(() => resetWorld());

  it('a Spanish browser gets the popup in Spanish', async () => {
    await withExtension({ lang: 'es' }, async (ext) => {
      const popup = await Popup.open(ext);
      const lang = await popup.page.evaluate(() => chrome.i18n.getUILanguage());
      expect(lang.startsWith('es'), `UI language ${lang}`).toBe(true);
      expect(await popup.page.$eval('.empty', (el) => el.textContent)).toMatch(/Aún no has enviado nada/);
      const text = (selector: string) => popup.page.$eval(selector, (el) => el.textContent?.trim());
      // The account bar first says it is checking; the Connect button comes once the background answers.
      await popup.page.waitForSelector('[data-testid="connect"]', { timeout: 30_000 });
      expect(await text('[data-testid="connect"]')).toBe('Conectar TikTok');
      expect(await text('[data-testid="send-url"]')).toBe('Enviar');
      await popup.connect();
      expect(await text('[data-testid="disconnect"]')).toBe('Desconectar');
      expect(await text('[data-testid="draft-slots"]')).toMatch(/^\d de 5 huecos de borrador libres/);
      const id = await popup.sendUrl(videoUrl('idioma', 2_000_000));
      await popup.waitForJob(id, 'in_drafts', 90_000);
      const row = `[data-testid="job"][data-job-id="${id}"]`;
      expect(await popup.page.$eval(`${row} [data-testid="job-status"]`, (el) => el.textContent)).toBe(
        'En borradores',
      );
      expect(await popup.progressText(id)).toMatch(/bandeja de TikTok/);
      const filters = await popup.page.$$eval('[data-testid="job-filter"] option', (els) =>
        els.map((el) => el.textContent),
      );
      expect(filters).toEqual(['Todos', 'En camino', 'En borradores', 'Con error o cancelados']);
      await saveScreenshot(popup.page, 'popup-es');

      // The options page too: headings, the help around its <code> samples, the build section.
      const options = await ext.openPage('options.html');
      await options.waitForSelector('[data-testid="verified-prefixes"]');
      const label = await options.$eval('label[for="verified-prefixes"]', (el) => el.textContent);
      expect(label).toBe('Dominios y prefijos de URL verificados');
      const help = await options.$eval('#verified-help', (el) => el.textContent);
      expect(help).toMatch(/un dominio como cdn\.example\.com \(también sus subdominios\)/);
      expect(await options.$eval('#build-heading', (el) => el.textContent)).toBe('Esta compilación');
      expect(await options.title()).toMatch(/opciones/);
    });
  });

  it('a Spanish browser gets the reasons a video was refused in Spanish', async () => {
    const unplayable = await tmpFile('no-reproducible.mp4');
    await writeFile(unplayable, unplayableMp4());
    await withExtension({ lang: 'es' }, async (ext) => {
      const popup = await Popup.open(ext);
      // The page's own words: its tab title and language, and the shortcut's description.
      expect(await popup.page.title()).toBe('Tus vídeos — Send to TikTok Drafts');
      expect(await popup.page.evaluate(() => document.documentElement.lang)).toBe('es');
      const commands = await popup.page.evaluate(() => chrome.commands.getAll());
      expect(commands.map((c) => c.description)).toContain(
        'Enviar a borradores de TikTok el vídeo principal de esta página',
      );
      await popup.connect();
      const cases: [string, string, RegExp][] = [
        // Pre-flight: read in the offscreen document, judged in the background, before any init.
        [
          await popup.chooseFile(media('15fps.mp4')),
          'unsupported_frame_rate',
          /^El vídeo va a 15 fotogramas por segundo; TikTok necesita entre 23 y 60\. Vuelve a exportarlo a 30 fps\./,
        ],
        [
          await popup.chooseFile(unplayable),
          'not_playable',
          /^Esto no es un vídeo reproducible \(.+\): no se pudo leer su formato/,
        ],
        // Sources: a missing video, an empty one, an address that is not on the web.
        [
          await popup.sendUrl(`${SITE_URL}/videos/no-existe.mp4`),
          'download_failed',
          /^El servidor del vídeo respondió 404 Not Found\. Comprueba que la dirección funciona/,
        ],
        [
          await popup.sendUrl(videoUrl('vacio', 0)),
          'empty',
          /^La dirección devolvió un archivo vacío \(0 bytes\)/,
        ],
        [
          await popup.sendUrl('file:///etc/hostname'),
          'bad_scheme',
          /^Solo se pueden enviar vídeos http y https: apunta a un archivo de este ordenador/,
        ],
      ];
      for (const [id, code, reason] of cases) {
        const job = await popup.waitForJob(id, 'failed', 120_000);
        expect(job.errorCode, job.error ?? '').toBe(code);
        expect(job.error).toMatch(reason);
        // Technical details in parentheses (a reader's error) stay as they were reported.
        const words = (job.error ?? '').replace(/\([^)]*\)/g, '');
        expect(words, 'no English left in the reason').not.toMatch(/\b(the|Press|Choose|Check|video)\b/);
      }
      await saveScreenshot(popup.page, 'languages-refusals-es');
    });
    // Refused before the init: no draft slot was spent on them.
    expect((await emulator.log()).filter((r) => r.endpoint === 'init')).toEqual([]);
  });
});
