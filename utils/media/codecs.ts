// RFC 6381 codec strings (HLS CODECS, DASH @codecs) sorted into what TikTok takes and what not.

export type CodecFamily = 'h264' | 'h265' | 'vp9';

export function codecFamily(codec: string): CodecFamily | undefined {
  const c = codec.trim().toLowerCase();
  if (c.startsWith('avc1') || c.startsWith('avc3')) return 'h264';
  if (c.startsWith('hvc1') || c.startsWith('hev1')) return 'h265';
  if (c.startsWith('vp09') || c === 'vp9' || c.startsWith('vp9.')) return 'vp9';
  return undefined;
}

const AUDIO_PREFIXES = ['mp4a', 'opus', 'vorbis', 'flac', 'ac-3', 'ec-3', 'mp3', 'alac', 'dtsc'];
export function isAudioCodec(codec: string): boolean {
  const c = codec.trim().toLowerCase();
  return AUDIO_PREFIXES.some((p) => c.startsWith(p));
}

export function isWebmAudio(codec: string): boolean {
  const c = codec.toLowerCase();
  return c.startsWith('opus') || c.startsWith('vorbis');
}
