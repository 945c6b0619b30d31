// A lease on a job, stored in the job record, so two worker instances (a restarted worker and the
// one still finishing) never drive the same job at once. Only the scheduler (runner.ts) takes
// leases: when a drive starts, checked in the same transaction; renewed by the keepalive beat
// (every 20 s, well inside the TTL); released when the drive ends.
//
// A lease last renewed before this worker instance started belongs to an earlier instance, and
// Chrome runs one instance at a time: it is dead, and its lease is free. That is checked on every
// pass, not only at startup, because the dead instance's last writes can land after the new one
// started (an IndexedDB write sent just before the kill commits late): CI caught a job held for
// the full TTL by such a lease. Expiry remains for anything else.

export interface Lease {
  owner: string;
  until: number;
  /** When the owner took or last renewed it (absent in records from before this field). */
  at?: number;
}

export const LEASE_TTL_MS = 60_000;

/** The worker instance asking: its lease owner id and when it started. */
export interface LeaseHolder {
  owner: string;
  startedAt: number;
}

export function canTakeLease(lease: Lease | undefined, holder: LeaseHolder, now: number): boolean {
  if (!lease || lease.owner === holder.owner || lease.until <= now) return true;
  const renewedAt = lease.at ?? lease.until - LEASE_TTL_MS;
  return renewedAt < holder.startedAt;
}

export function takeLease(owner: string, now: number, ttlMs: number): Lease {
  return { owner, until: now + ttlMs, at: now };
}
