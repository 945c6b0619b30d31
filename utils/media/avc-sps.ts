// The picture size of an H.264 stream from its sequence parameter set (ITU-T H.264 7.3.2.1.1),
// read out of an avcC record: an FLV without `onMetaData` width/height still has its size checked
// before the upload. Coded size minus the frame cropping; the sample aspect ratio is not applied
// (TikTok's size rule is about coded pixels). Pure.

class Bits {
  private bit = 0;
  constructor(private readonly bytes: Uint8Array) {}
  u(n: number): number {
    let v = 0;
    for (let k = 0; k < n; k++, this.bit++) {
      if (this.bit >> 3 >= this.bytes.length) throw new Error('truncated SPS');
      v = v * 2 + ((this.bytes[this.bit >> 3] >> (7 - (this.bit & 7))) & 1);
    }
    return v;
  }
  /** Exp-Golomb, unsigned. */
  ue(): number {
    let zeros = 0;
    while (this.u(1) === 0) if (++zeros > 31) throw new Error('damaged SPS');
    return 2 ** zeros - 1 + this.u(zeros);
  }
  se(): number {
    const k = this.ue();
    return k % 2 ? (k + 1) / 2 : -k / 2;
  }
}

/** The NAL unit's payload without emulation-prevention bytes (00 00 03 → 00 00). */
function unescape(nal: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < nal.length; i++) {
    if (i >= 2 && nal[i] === 3 && nal[i - 1] === 0 && nal[i - 2] === 0) continue;
    out.push(nal[i]);
  }
  return Uint8Array.from(out);
}

const HIGH_PROFILES = [100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135];

/** The first SPS of an avcC record → its picture size; undefined when it cannot be read. */
export function avcPictureSize(avcC: Uint8Array): { width: number; height: number } | undefined {
  try {
    if (avcC.length < 8 || avcC[0] !== 1 || (avcC[5] & 0x1f) === 0) return undefined;
    const length = (avcC[6] << 8) | avcC[7];
    const bits = new Bits(unescape(avcC.subarray(9, 8 + length))); // past the NAL header byte
    const profile = bits.u(8);
    bits.u(16); // constraint flags, level
    bits.ue(); // seq_parameter_set_id
    let chroma = 1;
    let separatePlanes = 0;
    if (HIGH_PROFILES.includes(profile)) {
      chroma = bits.ue();
      if (chroma === 3) separatePlanes = bits.u(1);
      bits.ue(); // bit depths
      bits.ue();
      bits.u(1);
      if (bits.u(1)) {
        for (let i = 0; i < (chroma === 3 ? 12 : 8); i++) {
          if (!bits.u(1)) continue;
          let last = 8;
          let next = 8;
          for (let j = 0; j < (i < 6 ? 16 : 64); j++) {
            if (next !== 0) next = (last + bits.se() + 256) % 256;
            last = next === 0 ? last : next;
          }
        }
      }
    }
    bits.ue(); // log2_max_frame_num
    const pocType = bits.ue();
    if (pocType === 0) bits.ue();
    else if (pocType === 1) {
      bits.u(1);
      bits.se();
      bits.se();
      const cycle = bits.ue();
      for (let i = 0; i < cycle; i++) bits.se();
    }
    bits.ue(); // max_num_ref_frames
    bits.u(1);
    const widthMbs = bits.ue() + 1;
    const heightUnits = bits.ue() + 1;
    const frameMbsOnly = bits.u(1);
    if (!frameMbsOnly) bits.u(1);
    bits.u(1);
    let crop = [0, 0, 0, 0];
    if (bits.u(1)) crop = [bits.ue(), bits.ue(), bits.ue(), bits.ue()];
    const mono = chroma === 0 || separatePlanes === 1;
    const cropX = mono ? 1 : chroma === 3 ? 1 : 2;
    const cropY = (mono ? 1 : chroma === 1 ? 2 : 1) * (2 - frameMbsOnly);
    const width = widthMbs * 16 - cropX * (crop[0] + crop[1]);
    const height = (2 - frameMbsOnly) * heightUnits * 16 - cropY * (crop[2] + crop[3]);
    return width > 0 && height > 0 ? { width, height } : undefined;
  } catch {
    return undefined;
  }
}

/** The WebCodecs codec string of an avcC record: `avc1.` + profile, compatibility, level. */
export function avcCodecString(avcC: Uint8Array): string {
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  return `avc1.${hex(avcC[1])}${hex(avcC[2])}${hex(avcC[3])}`;
}
