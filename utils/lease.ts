// A lease on a job, stored in the job record, so two contexts (a restarted worker and the one
// still finishing, an offscreen document) never work the same job at once. Expiry rather than
// release is the safety net: a context that dies simply stops renewing.

export interface Lease {
  owner: string;
  until: number;
}

export const LEASE_TTL_MS = 60_000;

export function canTakeLease(lease: Lease | undefined, owner: string, now: number): boolean {
  return !lease || lease.owner === owner || lease.until <= now;
}

export function takeLease(owner: string, now: number, ttlMs: number): Lease {
  return { owner, until: now + ttlMs };
}
