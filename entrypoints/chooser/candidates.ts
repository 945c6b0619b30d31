// The chooser's input: `?candidates=<JSON>` as the background wrote it. Parsed defensively (the
// URL is the page's input), and repeats dropped, since a page often names one video twice
// (a <video> and its og:video). zod's mini build: the full one would share its core with the
// popup's bundle and put it over budget (tests/bench/check-bundle.ts).
import * as z from 'zod/mini';

const candidateSchema = z.object({
  url: z.string().check(z.minLength(1), z.maxLength(8192)),
  kind: z.string().check(z.maxLength(50)),
  title: z.optional(z.string().check(z.maxLength(500))),
});
export type Candidate = z.infer<typeof candidateSchema>;

export function parseCandidates(search: string): Candidate[] {
  const raw = new URLSearchParams(search).get('candidates');
  if (!raw) return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(json)) return [];
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const item of json) {
    const parsed = candidateSchema.safeParse(item);
    if (parsed.success && !seen.has(parsed.data.url)) {
      seen.add(parsed.data.url);
      out.push(parsed.data);
    }
  }
  return out;
}

/** A short name for a candidate: its title, else the URL's last path segment, else its host. */
export function candidateName(candidate: Candidate): string {
  if (candidate.title?.trim()) return candidate.title.trim();
  try {
    const url = new URL(candidate.url);
    const last = url.pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : url.host;
  } catch {
    return candidate.url;
  }
}

/** Match patterns to ask for before sending: http(s) hosts only, one per host (ports are ignored by Chrome). */
export function originPatterns(urls: string[]): string[] {
  const patterns = new Set<string>();
  for (const raw of urls) {
    try {
      const url = new URL(raw);
      if (url.protocol === 'https:' || url.protocol === 'http:')
        patterns.add(`${url.protocol}//${url.hostname}/*`);
    } catch {
      // Not a URL: the background turns it into a failed job with the reason.
    }
  }
  return [...patterns];
}

/** The host of the page the videos were found on (`?pageUrl=`), to say where they come from. */
export function pageHost(search: string): string | undefined {
  const raw = new URLSearchParams(search).get('pageUrl');
  if (!raw) return undefined;
  try {
    return new URL(raw).host || undefined;
  } catch {
    return undefined;
  }
}
