import { describe, expect, it } from 'vitest';
import { parseDashManifest } from '../dash';
import { segmentsFromSidx } from '../sidx';
import { fragmentedMp4, topBoxes } from './ffmpeg-media';

describe('segmentsFromSidx', () => {
  // ffmpeg's global_sidx writes what Shaka packager's on-demand profile serves: moov, one sidx, fragments.
  const file = fragmentedMp4({
    seconds: 6,
    audio: true,
    movflags: '+frag_keyframe+empty_moov+default_base_moof+global_sidx',
  });
  const boxes = topBoxes(file);
  const sidxBox = boxes.find((b) => b.type === 'sidx')!;
  const moov = boxes.find((b) => b.type === 'moov')!;

  it('turns a SegmentBase MPD + the file’s sidx into ranges that are exactly its fragments', () => {
    const mpd = `<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT6S" profiles="urn:mpeg:dash:profile:isoff-on-demand:2011"><Period><AdaptationSet contentType="video" mimeType="video/mp4"><Representation id="v" codecs="avc1.64000c" width="160" height="90" bandwidth="100000"><BaseURL>v.mp4</BaseURL><SegmentBase indexRange="${sidxBox.offset}-${sidxBox.offset + sidxBox.size - 1}"><Initialization range="0-${moov.offset + moov.size - 1}"/></SegmentBase></Representation></AdaptationSet></Period></MPD>`;
    const rep = parseDashManifest(mpd, 'https://cdn.example.com/v/manifest.mpd').video[0];
    const range = rep.sidx!.byteRange!;
    const segments = segmentsFromSidx(file.subarray(range.offset, range.offset + range.length), rep.sidx!);

    const fragments = boxes.filter((b) => b.type === 'moof');
    expect(fragments.length).toBeGreaterThan(1);
    expect(segments.map((s) => s.byteRange!.offset)).toEqual(fragments.map((f) => f.offset));
    // Each range is a moof + its mdat, back to back, up to the trailing mfra.
    const mfra = boxes.find((b) => b.type === 'mfra');
    const last = segments.at(-1)!.byteRange!;
    expect(last.offset + last.length).toBe(mfra ? mfra.offset : file.length);
    expect(segments.every((s) => s.url === 'https://cdn.example.com/v/v.mp4')).toBe(true);
    expect(segments.reduce((sum, s) => sum + s.duration, 0)).toBeCloseTo(6, 1);
  });

  it('refuses bytes that are not a sidx box, or a cut-off one, with the reason', () => {
    const ref = { url: 'https://x.example/v.mp4', byteRange: { offset: 0, length: 100 } };
    expect(() => segmentsFromSidx(file.subarray(0, 100), ref)).toThrow(/Expected a sidx box.*ftyp/);
    const cut = file.subarray(sidxBox.offset, sidxBox.offset + 30);
    expect(() => segmentsFromSidx(cut, ref)).toThrow(/truncated/);
  });
});
