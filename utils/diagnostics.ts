// A rolling diagnostics log: the last 500 events (job transitions, TikTok's answers with their
// `log_id`, retries, sign-in steps) for a bug report. It never holds a secret: every text is
// redacted on the way in (tokens, codes, query strings), because users paste it into public issues.

export const MAX_EVENTS = 500;
const MAX_TEXT = 500;

export type DiagnosticKind = 'job' | 'api' | 'retry' | 'auth' | 'error';

export interface DiagnosticEvent {
  at: number;
  kind: DiagnosticKind;
  /** The first 8 characters of the job id: enough to follow one job, nothing about its source. */
  job?: string;
  text: string;
  /** TikTok's `log_id`, which TikTok's support asks for. */
  logId?: string;
}

/** The small part of the job store the log needs (a read-modify-write of one kv record). */
export interface DiagnosticsStorage {
  kvUpdate<T, R = T>(
    key: string,
    change: (value: T | undefined) => { value: T | undefined; result: R },
  ): Promise<R>;
  kvGet<T>(key: string): Promise<T | undefined>;
}

const KEY = 'diagnostics/events';

const SECRET_PATTERNS: [RegExp, string][] = [
  // Query strings and fragments carry signed-URL tokens, OAuth codes and states.
  [/(https?:\/\/[^\s?#"'<>]+)[?#][^\s"'<>]*/gi, '$1?…'],
  [/\bBearer\s+[^\s,;"']+/gi, 'Bearer …'],
  [
    /\b(access_token|refresh_token|code|code_verifier|client_secret|token|state|upload_token)(["']?\s*[=:]\s*["']?)[^\s&,;"'}]+/gi,
    '$1$2…',
  ],
  // TikTok's token shapes (act.…, rft.…) and other long opaque strings.
  [/\b(act|rft|clt)\.[A-Za-z0-9._~-]+/g, '$1.…'],
  [/\b[A-Za-z0-9_-]{40,}\b/g, '…'],
];

/** The text with anything that could be a secret replaced by `…`, cut to a bounded length. */
export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out.length > MAX_TEXT ? `${out.slice(0, MAX_TEXT - 1)}…` : out;
}

export interface DiagnosticsLog {
  record(event: { kind: DiagnosticKind; jobId?: string; text: string; logId?: string }): Promise<void>;
  list(): Promise<DiagnosticEvent[]>;
  clear(): Promise<void>;
}

export function createDiagnosticsLog(
  storage: DiagnosticsStorage,
  now: () => number = Date.now,
): DiagnosticsLog {
  return {
    async record({ kind, jobId, text, logId }) {
      const event: DiagnosticEvent = {
        at: now(),
        kind,
        text: redact(text),
        ...(jobId ? { job: jobId.slice(0, 8) } : {}),
        ...(logId ? { logId: redact(logId).slice(0, 100) } : {}),
      };
      await storage.kvUpdate<DiagnosticEvent[], void>(KEY, (events) => {
        const next = [...(events ?? []), event];
        return {
          value: next.length > MAX_EVENTS ? next.slice(next.length - MAX_EVENTS) : next,
          result: undefined,
        };
      });
    },
    async list() {
      return (await storage.kvGet<DiagnosticEvent[]>(KEY)) ?? [];
    },
    async clear() {
      await storage.kvUpdate<DiagnosticEvent[], void>(KEY, () => ({ value: undefined, result: undefined }));
    },
  };
}

/** The log as plain text for a bug report: one line per event, oldest first. */
export function formatDiagnostics(events: DiagnosticEvent[], about: string): string {
  const lines = events.map((e) => {
    const parts = [new Date(e.at).toISOString(), e.kind.padEnd(5), e.job ? `job ${e.job}` : '', e.text];
    if (e.logId) parts.push(`(log_id ${e.logId})`);
    return parts.filter(Boolean).join('  ');
  });
  return [about, `${events.length} events`, ...lines].join('\n');
}
