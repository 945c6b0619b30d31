/** Fault injection: which request of an endpoint misbehaves, and how (CONTRACT.md `Fault`). */
export const FAULT_ENDPOINTS = [
  'upload',
  'init',
  'status',
  'token',
  'revoke',
  'userinfo',
  'authorize',
] as const;
export type FaultEndpoint = (typeof FAULT_ENDPOINTS)[number];

export type FaultAction =
  | { type: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Destroys the socket unanswered. For a PUT the body is read first; `store: true` keeps its bytes. */
  | { type: 'drop'; store?: boolean }
  | { type: 'hold'; ms: number }
  | { type: 'malformed-json' };

export interface Fault {
  endpoint: FaultEndpoint;
  nth: number;
  times: number;
  /**
   * A time window instead of a count: from the nth matching request on, every matching request for
   * this many ms (an outage of a given length, however often the client retries). `times` is ignored.
   */
  forMs?: number;
  action: FaultAction;
}

interface ArmedFault extends Fault {
  seen: number;
  /** When the nth matching request arrived: the start of a `forMs` window. */
  startedAt?: number;
}

export class FaultError extends Error {}

/** Validates one fault from the control API, filling the defaults (nth 1, times 1). */
export function parseFault(raw: unknown): Fault {
  if (typeof raw !== 'object' || raw === null) throw new FaultError('a fault must be an object');
  const f = raw as Record<string, unknown>;
  if (!FAULT_ENDPOINTS.includes(f.endpoint as FaultEndpoint)) {
    throw new FaultError(`endpoint must be one of ${FAULT_ENDPOINTS.join(', ')}`);
  }
  const nth = f.nth ?? 1;
  const times = f.times ?? 1;
  if (!Number.isInteger(nth) || (nth as number) < 1) throw new FaultError('nth must be an integer ≥ 1');
  if (!Number.isInteger(times) || (times as number) < 1) throw new FaultError('times must be an integer ≥ 1');
  const forMs = f.forMs;
  if (forMs !== undefined && (typeof forMs !== 'number' || !Number.isFinite(forMs) || forMs <= 0)) {
    throw new FaultError('forMs must be a number of ms > 0');
  }
  return {
    endpoint: f.endpoint as FaultEndpoint,
    nth: nth as number,
    times: times as number,
    ...(forMs === undefined ? {} : { forMs }),
    action: parseAction(f.action),
  };
}

function parseAction(raw: unknown): FaultAction {
  if (typeof raw !== 'object' || raw === null) throw new FaultError('action must be an object');
  const a = raw as Record<string, unknown>;
  switch (a.type) {
    case 'status': {
      if (!Number.isInteger(a.status) || (a.status as number) < 100 || (a.status as number) > 599) {
        throw new FaultError('status must be an HTTP status code');
      }
      const headers = a.headers ?? {};
      if (
        typeof headers !== 'object' ||
        headers === null ||
        !Object.values(headers).every((v) => typeof v === 'string')
      ) {
        throw new FaultError('headers must map names to strings');
      }
      return {
        type: 'status',
        status: a.status as number,
        body: a.body,
        headers: headers as Record<string, string>,
      };
    }
    case 'drop':
      return { type: 'drop', store: a.store === true };
    case 'hold':
      if (typeof a.ms !== 'number' || a.ms < 0) throw new FaultError('hold needs ms ≥ 0');
      return { type: 'hold', ms: a.ms };
    case 'malformed-json':
      return { type: 'malformed-json' };
    default:
      throw new FaultError('action.type must be status, drop, hold or malformed-json');
  }
}

export class FaultBook {
  private armed: ArmedFault[] = [];

  add(faults: Fault[]): void {
    this.armed.push(...faults.map((f) => ({ ...f, seen: 0 })));
  }

  clear(): void {
    this.armed = [];
  }

  /**
   * Counts this request against every fault of its endpoint and returns the first one whose
   * window it falls in: [nth, nth + times) by count, or, with `forMs`, from the nth request until
   * `forMs` ms after it. Spent faults are dropped.
   */
  take(endpoint: FaultEndpoint, now: number = Date.now()): FaultAction | undefined {
    let hit: FaultAction | undefined;
    for (const fault of this.armed) {
      if (fault.endpoint !== endpoint) continue;
      fault.seen += 1;
      if (fault.seen === fault.nth && fault.forMs !== undefined) fault.startedAt = now;
      if (!hit && applies(fault, now)) hit = fault.action;
    }
    this.armed = this.armed.filter((f) => !spent(f, now));
    return hit;
  }

  list(): Fault[] {
    return this.armed.map(({ seen: _seen, startedAt: _startedAt, ...f }) => f);
  }
}

function applies(fault: ArmedFault, now: number): boolean {
  if (fault.seen < fault.nth) return false;
  if (fault.forMs === undefined) return fault.seen < fault.nth + fault.times;
  return fault.startedAt !== undefined && now < fault.startedAt + fault.forMs;
}

/** No later request can fall in the window any more. */
function spent(fault: ArmedFault, now: number): boolean {
  if (fault.forMs === undefined) return fault.seen >= fault.nth + fault.times - 1;
  return fault.startedAt !== undefined && now >= fault.startedAt + fault.forMs;
}
