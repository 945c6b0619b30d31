/**
 * TikTok's checks after the upload, on what a video's headers say (Content Posting API, "Media
 * requirements"): 360–4096 px per side, 23–60 fps, at most 10 minutes for an inbox draft. Each
 * broken rule has its own `fail_reason`. A fact the headers do not give is not held against the
 * file (TikTok decodes; the emulator does not), so only what is known can fail.
 */
export interface VideoFacts {
  durationSec?: number;
  width?: number;
  height?: number;
  fps?: number;
}

export const VIDEO_RULES = {
  minSide: 360,
  maxSide: 4096,
  minFps: 23,
  maxFps: 60,
  /** Inbox (draft) uploads are capped at 10 minutes whatever the creator's own limit. */
  maxDurationSec: 600,
} as const;

export interface RuleFailure {
  reason: 'duration_check_failed' | 'frame_rate_check_failed' | 'picture_size_check_failed';
  problem: string;
}

/** The first rule the facts break, or undefined. */
export function breaksRule(facts: VideoFacts): RuleFailure | undefined {
  const { width, height, fps, durationSec } = facts;
  if (width !== undefined && height !== undefined) {
    const small = Math.min(width, height);
    const large = Math.max(width, height);
    if (small < VIDEO_RULES.minSide || large > VIDEO_RULES.maxSide) {
      return {
        reason: 'picture_size_check_failed',
        problem: `${width}x${height}: each side must be ${VIDEO_RULES.minSide}–${VIDEO_RULES.maxSide} px`,
      };
    }
  }
  if (fps !== undefined) {
    // Averages of 23.976 fps material land a hair either side of a whole number: round first.
    const rounded = Math.round(fps * 100) / 100;
    if (rounded < VIDEO_RULES.minFps - 0.03 || rounded > VIDEO_RULES.maxFps + 0.03) {
      return {
        reason: 'frame_rate_check_failed',
        problem: `${rounded} fps: the frame rate must be ${VIDEO_RULES.minFps}–${VIDEO_RULES.maxFps}`,
      };
    }
  }
  if (durationSec !== undefined && durationSec > VIDEO_RULES.maxDurationSec + 0.5) {
    return {
      reason: 'duration_check_failed',
      problem: `${Math.round(durationSec)} s: a draft may last at most ${VIDEO_RULES.maxDurationSec} s`,
    };
  }
  return undefined;
}
