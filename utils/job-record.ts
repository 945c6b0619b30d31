// Reading a job record back from IndexedDB. A record may be old (written by an earlier version),
// from a newer branch's code (extra fields, new source kinds) or damaged: it is checked on every
// read so a bad one becomes a failed job the user can remove, never a crash of the whole list.
// A hand-written check rather than zod: pages (the popup) read jobs too, and even zod's mini build
// cost the popup ~20 KB of its 30 KB gzipped budget for these few fields.
import { JOB_STATUSES, type Job, type JobSource } from './job';
import { t } from './i18n';

export const DAMAGED_RECORD = 'damaged_record';

type Check = (value: unknown) => string | null;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const string: Check = (v) => (typeof v === 'string' ? null : 'expected a string');
const nonEmpty: Check = (v) => (typeof v === 'string' && v !== '' ? null : 'expected a non-empty string');
const number: Check = (v) => (typeof v === 'number' && Number.isFinite(v) ? null : 'expected a number');
const status: Check = (v) =>
  (JOB_STATUSES as readonly unknown[]).includes(v) ? null : 'expected a known job status';

/** Only what the code relies on; unknown extra fields pass through untouched (another version's). */
const sourceFields: Record<string, Record<string, Check>> = {
  url: { url: string },
  file: { name: string, size: number },
};

function checkFields(
  record: Record<string, unknown>,
  fields: Record<string, Check>,
  prefix = '',
): string | null {
  for (const [key, check] of Object.entries(fields)) {
    const problem = check(record[key]);
    if (problem) return `${prefix}${key}: ${problem}`;
  }
  return null;
}

const sourceCheck: Check = (v) => {
  if (!isObject(v) || typeof v.kind !== 'string') return 'expected an object with a kind';
  // A kind this version does not know (a newer version's) is kept as it is.
  const fields = sourceFields[v.kind];
  return fields ? checkFields(v, fields, 'source.') : null;
};

const errorCheck: Check = (v) =>
  v === undefined
    ? null
    : isObject(v)
      ? checkFields(v, { code: string, message: string }, 'error.')
      : 'expected an object';

const recordFields: Record<string, Check> = {
  id: nonEmpty,
  createdAt: number,
  updatedAt: number,
  status,
  source: sourceCheck,
  title: string,
  progress: number,
  error: errorCheck,
};

/** What is wrong with a record, in a few words (the first field that fails), or null. */
export function recordProblem(raw: unknown): string | null {
  if (!isObject(raw)) return 'record: expected an object';
  for (const [key, check] of Object.entries(recordFields)) {
    const problem = check(raw[key]);
    // Nested checks name their own path (source.url: …).
    if (problem) return problem.includes(': ') ? problem : `${key}: ${problem}`;
  }
  return null;
}

export type RecordRead =
  | { ok: true; job: Job }
  /** Damaged but identifiable: `job` is a failed job standing in for it. */
  | { ok: false; job: Job; problem: string }
  /** Not even the id is readable: nothing can stand in for it. */
  | { ok: false; job?: undefined; problem: string };

export function damagedMessage(problem: string): string {
  return t('recordDamaged', problem);
}

export function readJobRecord(raw: unknown): RecordRead {
  const problem = recordProblem(raw);
  if (problem === null) return { ok: true, job: raw as unknown as Job };
  const record = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const id = record.id;
  if (typeof id !== 'string' || id === '') return { ok: false, problem };
  const number = (value: unknown, fallback: number) =>
    typeof value === 'number' && Number.isFinite(value) ? value : fallback;
  const createdAt = number(record.createdAt, 0);
  const source = record.source as { kind?: unknown } | null | undefined;
  const job: Job = {
    id,
    createdAt,
    updatedAt: number(record.updatedAt, createdAt),
    status: 'failed',
    // The pages show unknown kinds generically; the background never runs a failed job.
    source: (typeof source === 'object' && source !== null && typeof source.kind === 'string'
      ? source
      : { kind: 'unknown' }) as JobSource,
    title: typeof record.title === 'string' && record.title ? record.title : 'Damaged job',
    progress: 0,
    error: { code: DAMAGED_RECORD, message: damagedMessage(problem) },
  };
  return { ok: false, job, problem };
}

/** The readable jobs of a list of records; `onSkipped` hears of each that has no readable id. */
export function readJobRecords(raws: readonly unknown[], onSkipped?: (problem: string) => void): Job[] {
  const jobs: Job[] = [];
  for (const raw of raws) {
    const read = readJobRecord(raw);
    if (read.job) jobs.push(read.job);
    else onSkipped?.(read.problem);
  }
  return jobs;
}

export class DamagedRecordError extends Error {
  constructor(
    readonly jobId: string,
    readonly problem: string,
  ) {
    super(damagedMessage(problem));
    this.name = 'DamagedRecordError';
  }
}
