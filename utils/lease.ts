// A lease on a job, stored in the job record, so two worker instances (a restarted worker and the
// one still finishing) never drive the same job at once. Only the scheduler (runner.ts) takes
// leases: when a drive starts, checked in the same transaction; renewed by the keepalive beat
// (every 20 s, well inside the TTL); released when the drive ends. A worker that dies stops
// renewing, and the next worker releases its leases at startup (Chrome runs one instance at a
// time), so expiry only matters if two instances ever overlap.

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
