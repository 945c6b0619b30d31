// Remux of local files (issue 10 leftovers): an H.264/AAC FLV (read by the extension's own FLV
// demuxer) and a QuickTime MOV arrive at TikTok as progressive MP4s of the same duration and
// picture (ffprobe on the bytes the emulator stored), and while a file is converted its row says
// "Converting to MP4 · N%" with `data-progress` moving forward. Real ffmpeg-made videos.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { preflightMedia, type PreflightMedia } from '../fixtures/preflight-media';
import { emulator } from './harness/emulator';
import { TMP_DIR } from './harness/env';
import { withExtension } from './harness/launch';
import { inspectMedia, inspectUpload } from './harness/media';
import { Popup } from './harness/popup';
import { resetWorld } from './harness/world';

let media: (name: PreflightMedia) => string;

beforeAll(async () => {
  media = await preflightMedia(TMP_DIR);
}, 240_000);

/** What the row shows of the video: duration (s), picture, the frame, the container it came in. */
async function shown(popup: Popup, id: string) {
  return popup.page.$eval(`[data-testid="job"][data-job-id="${id}"]`, (row) => {
    const duration = row.querySelector('[data-testid="job-duration"]');
    const resolution = row.querySelector('[data-testid="job-resolution"]');
    const thumbnail = row.querySelector<HTMLImageElement>('[data-testid="job-thumbnail"]');
    return {
      seconds: duration ? Number(duration.getAttribute('data-seconds')) : null,
      width: resolution ? Number(resolution.getAttribute('data-width')) : null,
      height: resolution ? Number(resolution.getAttribute('data-height')) : null,
      thumbnail: thumbnail ? { src: thumbnail.src.slice(0, 23), loaded: thumbnail.naturalWidth > 0 } : null,
      remuxedFrom: row.querySelector('[data-testid="job-remuxed"]')?.getAttribute('data-from') ?? null,
    };
  });
}

describe('remux of local files', () => {
  beforeEach(() => resetWorld());

  it('an H.264/AAC FLV and a QuickTime MOV arrive as progressive MP4s of the same duration and picture', async () => {
    const names: PreflightMedia[] = ['clip.flv', 'clip.mov'];
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();
      const ids: string[] = [];
      for (const name of names) ids.push(await popup.chooseFile(media(name)));
      for (const [i, name] of names.entries()) {
        await popup.waitForJob(ids[i], 'in_drafts', 180_000);
        const source = await inspectMedia(media(name));
        const row = await shown(popup, ids[i]);
        expect(row).toMatchObject({
          width: source.width,
          height: source.height,
          remuxedFrom: name.slice(5),
          thumbnail: { src: 'data:image/jpeg;base64,', loaded: true },
        });
        expect(row.seconds).toBeCloseTo(source.duration, 0);
      }
      await popup.screenshot('remux-flv-mov');
    });
    const uploads = await emulator.uploads();
    expect(uploads).toHaveLength(2);
    const reports = await Promise.all(uploads.map((u) => inspectUpload(u.publishId)));
    for (const name of names) {
      const source = await inspectMedia(media(name));
      const match = reports.filter(
        (r) =>
          r.width === source.width &&
          r.height === source.height &&
          Math.abs(r.duration - source.duration) < 0.2,
      );
      expect(match, `an upload like ${source.file}`).toHaveLength(1);
      expect(match[0]).toMatchObject({
        container: 'progressive-mp4',
        videoCodec: 'h264',
        audioCodec: 'aac',
        videoStreams: 1,
        audioStreams: 1,
        decodeErrors: '',
      });
    }
    expect(uploads.every((u) => u.status === 'SEND_TO_USER_INBOX')).toBe(true);
  });

  it('while a local file is converted, its row says "Converting to MP4 · N%" with data-progress moving', async () => {
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();
      // Everything the job rows show, recorded in the page at each change (polling could miss it).
      await popup.page.evaluate(() => {
        const seen: { id: string; status: string; progress: string; text: string }[] = [];
        (window as unknown as { seen: typeof seen }).seen = seen;
        const record = () => {
          for (const row of document.querySelectorAll('[data-testid="job"]')) {
            seen.push({
              id: row.getAttribute('data-job-id') ?? '',
              status: row.getAttribute('data-status') ?? '',
              progress: row.getAttribute('data-progress') ?? '',
              text: row.querySelector('[data-testid="job-progress-text"]')?.textContent?.trim() ?? '',
            });
          }
        };
        new MutationObserver(record).observe(document.body, {
          subtree: true,
          childList: true,
          attributes: true,
          characterData: true,
        });
      });
      const id = await popup.chooseFile(media('long.mkv'));
      await popup.waitForJob(id, 'in_drafts', 240_000);
      const seen = await popup.page.evaluate(
        () =>
          (window as unknown as { seen: { id: string; status: string; progress: string; text: string }[] })
            .seen,
      );
      const converting = seen.filter((s) => s.id === id && s.text.startsWith('Converting to MP4'));
      expect(converting.length, 'the row said it was converting').toBeGreaterThan(0);
      for (const s of converting) {
        expect(s.status).toBe('initializing');
        expect(s.text).toMatch(/^Converting to MP4 · \d{1,3}%$/);
        // The words and the bar say the same share.
        const share = Number(s.progress);
        expect(Number(s.text.match(/(\d+)%/)![1])).toBe(
          share < 1 ? Math.min(99, Math.floor(share * 100)) : 100,
        );
      }
      const shares = converting.map((s) => Number(s.progress));
      expect(
        shares.every((p, i) => i === 0 || p >= shares[i - 1]),
        `moving forward: ${shares}`,
      ).toBe(true);
      console.log(`remux progress seen: ${[...new Set(shares)].join(' ')}`);
      const between = new Set(shares.filter((p) => p > 0 && p < 1));
      expect(between.size, `shares strictly between 0 and 1: ${shares}`).toBeGreaterThanOrEqual(2);
      // After the conversion the same row counts the upload, from 0 again.
      expect(seen.some((s) => s.id === id && s.status === 'uploading')).toBe(true);
      expect(await shown(popup, id)).toMatchObject({ remuxedFrom: 'mkv', width: 640, height: 360 });
    });
    const [upload] = await emulator.uploads();
    const report = await inspectUpload(upload.publishId);
    expect(report).toMatchObject({ container: 'progressive-mp4', width: 640, height: 360, decodeErrors: '' });
    expect(report.duration).toBeCloseTo(170, 0);
  });
});
