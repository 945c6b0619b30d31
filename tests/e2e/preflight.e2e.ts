// Pre-flight (issue 10): a video TikTok would refuse after the whole upload is refused before the
// init — it ends `failed` with its reason and the emulator sees no init (no draft slot spent) —
// and an MKV, an MPEG-TS and an M4V arrive at TikTok as progressive MP4s of the same duration and
// picture (ffprobe on the bytes the emulator stored). Real ffmpeg-made videos, cached in .tmp/.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { preflightMedia, unplayableMp4, type PreflightMedia } from '../fixtures/preflight-media';
import { emulator } from './harness/emulator';
import { SITE_URL, TMP_DIR } from './harness/env';
import { withExtension } from './harness/launch';
import { inspectMedia, inspectUpload } from './harness/media';
import { Popup } from './harness/popup';
import { site, streams } from './harness/site';
import { resetWorld, tmpFile } from './harness/world';

let media: (name: PreflightMedia) => string;

beforeAll(async () => {
  media = await preflightMedia(TMP_DIR);
}, 240_000);

/** What the row shows of the video: duration (s), picture, whether a frame is shown, the warning. */
async function shown(popup: Popup, id: string) {
  return popup.page.$eval(`[data-testid="job"][data-job-id="${id}"]`, (row) => {
    const duration = row.querySelector('[data-testid="job-duration"]');
    const resolution = row.querySelector('[data-testid="job-resolution"]');
    const thumbnail = row.querySelector<HTMLImageElement>('[data-testid="job-thumbnail"]');
    return {
      seconds: duration ? Number(duration.getAttribute('data-seconds')) : null,
      durationText: duration?.textContent?.trim() ?? null,
      width: resolution ? Number(resolution.getAttribute('data-width')) : null,
      height: resolution ? Number(resolution.getAttribute('data-height')) : null,
      thumbnail: thumbnail ? { src: thumbnail.src.slice(0, 23), loaded: thumbnail.naturalWidth > 0 } : null,
      warning: row.querySelector('[data-testid="job-warning"]')?.textContent?.trim() ?? null,
      remuxedFrom: row.querySelector('[data-testid="job-remuxed"]')?.getAttribute('data-from') ?? null,
    };
  });
}

describe('pre-flight', () => {
  beforeEach(() => resetWorld());

  it('refuses each video TikTok would refuse, with its reason, before any init', async () => {
    const unplayable = await tmpFile('unplayable.mp4');
    await writeFile(unplayable, unplayableMp4());
    const cases: [string, string, RegExp][] = [
      [media('240p.mp4'), 'unsupported_resolution', /426×240.*between 360 and 4096 pixels/],
      [media('15fps.mp4'), 'unsupported_frame_rate', /15 frames a second; TikTok needs 23 to 60/],
      [media('11min.mp4'), 'too_long', /lasts 11:01; TikTok drafts can be at most 10 minutes/],
      [media('mpeg4-part2.mp4'), 'unsupported_codec', /TikTok takes H\.264, H\.265, VP8 or VP9/],
      [media('sorenson.flv'), 'unsupported_codec', /This FLV cannot be converted.*Sorenson Spark.*ffmpeg -i/],
      [unplayable, 'not_playable', /not a playable video/],
    ];
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();
      const ids: string[] = [];
      for (const [file] of cases) ids.push(await popup.chooseFile(file));
      for (const [i, [, code, message]] of cases.entries()) {
        const job = await popup.waitForJob(ids[i], 'failed', 120_000);
        expect(job.errorCode).toBe(code);
        expect(job.error).toMatch(message);
      }
      // What could be read is still shown next to the reason.
      expect(await shown(popup, ids[0])).toMatchObject({ width: 426, height: 240 });
      expect(await shown(popup, ids[2])).toMatchObject({ seconds: expect.closeTo(660.5, 0) });
      await popup.screenshot('preflight-refusals');
    });
    const log = await emulator.log();
    expect(log.filter((r) => r.endpoint === 'init')).toEqual([]);
    expect(await emulator.uploads()).toEqual([]);
  });

  it('an MKV, an MPEG-TS and an M4V arrive as progressive MP4s of the same duration and picture', async () => {
    const names: PreflightMedia[] = ['clip.mkv', 'clip.ts', 'clip.m4v'];
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
      await popup.screenshot('preflight-remuxed');
    });
    const uploads = await emulator.uploads();
    expect(uploads).toHaveLength(3);
    const reports = await Promise.all(uploads.map((u) => inspectUpload(u.publishId)));
    const sources = await Promise.all(names.map((name) => inspectMedia(media(name))));
    for (const source of sources) {
      // Each source has exactly one upload of its picture and length (the three differ in both).
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

  it('a 4-minute video is sent with a warning that only some accounts can post it', async () => {
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();
      const id = await popup.chooseFile(media('4min.mp4'));
      await popup.waitForJob(id, 'in_drafts', 180_000);
      const row = await shown(popup, id);
      expect(row.warning).toMatch(/only some accounts can post videos this long/);
      expect(row).toMatchObject({ durationText: '4:00', width: 640, height: 360, remuxedFrom: null });
      expect(row.thumbnail).toMatchObject({ loaded: true });
      await popup.screenshot('preflight-warning');
    });
    const [upload] = await emulator.uploads();
    expect(upload.status).toBe('SEND_TO_USER_INBOX');
  });

  it('a URL source piped into the upload is checked from its first chunk, and its tail when the index is at the end', async () => {
    // The site serves files under its streams directory with Content-Length and Range: piped.
    const dir = path.join(streams.dir, 'preflight');
    await mkdir(dir, { recursive: true });
    const cases: [PreflightMedia, string][] = [
      ['15fps.mp4', 'unsupported_frame_rate'],
      // ~30 MB with its `moov` at the end: read by a ranged request past the first chunk.
      ['11min-index-last.mp4', 'too_long'],
    ];
    await withExtension({}, async (ext) => {
      const popup = await Popup.open(ext);
      await popup.connect();
      for (const [name, code] of cases) {
        await copyFile(media(name), path.join(dir, name));
        const id = await popup.sendUrl(`${SITE_URL}/streams/preflight/${name}`);
        const job = await popup.waitForJob(id, 'failed', 120_000);
        expect(job.route).toBe('FILE_UPLOAD');
        expect(job.errorCode).toBe(code);
      }
      await popup.screenshot('preflight-piped');
    });
    expect((await emulator.log()).filter((r) => r.endpoint === 'init')).toEqual([]);
    const tail = (await site.log()).filter(
      (r) => r.path === '/streams/preflight/11min-index-last.mp4' && r.range,
    );
    expect(tail.length, 'a ranged read of the tail').toBeGreaterThan(0);
  });
});
