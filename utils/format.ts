// Small formatters for the pages. Pure but for the words of waits, which are the browser's language
// (utils/i18n.ts; unit tests give the fake browser the English messages).
import { t } from './i18n';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/**
 * Decimal units (1 MB = 1,000,000 B), as TikTok states its limits and as file managers on most
 * systems show sizes; one decimal below 10 units so "4.2 MB" and "48 MB" both read naturally.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  // 999.95 would print as "1000.0"; step up a unit instead.
  const rounded = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  if (rounded >= 1000 && unit < UNITS.length - 1) return `1 ${UNITS[unit + 1]}`;
  return `${value < 10 ? rounded.toFixed(1) : rounded} ${UNITS[unit]}`;
}

/** 0–1 → "42%"; never shows 100% before the value really is 1. */
export function formatPercent(fraction: number): string {
  const clamped = clampFraction(fraction);
  const percent = Math.floor(clamped * 100);
  return `${clamped < 1 ? Math.min(percent, 99) : 100}%`;
}

export function clampFraction(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, value));
}

/** A wall-clock time for "resumes at …" hints: today's times as HH:MM, later days with the date. */
export function formatClock(timestamp: number, now: number, locale?: string): string {
  const at = new Date(timestamp);
  const sameDay = new Date(now).toDateString() === at.toDateString();
  const time = at.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  if (sameDay) return time;
  return `${at.toLocaleDateString(locale, { month: 'short', day: 'numeric' })} ${time}`;
}

/** "in 3 min", "in 40 s", "now": for waits the scheduler will end by itself. */
export function formatWait(untilMs: number, nowMs: number): string {
  const seconds = Math.ceil((untilMs - nowMs) / 1000);
  if (seconds <= 0) return t('waitNow');
  if (seconds < 60) return t('waitIn', `${seconds} s`);
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return t('waitIn', `${minutes} min`);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return t('waitIn', rest ? `${hours} h ${rest} min` : `${hours} h`);
}

/** "just now", "40 s ago", "2 min ago", "1 h 5 min ago": when something last happened. */
export function formatAgo(sinceMs: number, nowMs: number): string {
  const seconds = Math.floor((nowMs - sinceMs) / 1000);
  if (seconds < 5) return t('agoJustNow');
  if (seconds < 60) return t('ago', `${seconds} s`);
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('ago', `${minutes} min`);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return t('ago', rest ? `${hours} h ${rest} min` : `${hours} h`);
}
