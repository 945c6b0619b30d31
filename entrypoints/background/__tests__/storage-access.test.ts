import { describe, expect, it } from 'vitest';
import { restrictStorageAccess, type StorageLike } from '../storage-access';

/** A storage area that remembers the level it was set to, as Chrome's does for the session. */
function area(fail = false) {
  const state: { level?: string } = {};
  return {
    state,
    setAccessLevel: async ({ accessLevel }: { accessLevel: string }) => {
      if (fail) throw new Error('Access level can only be set by the extension');
      state.level = accessLevel;
    },
  };
}

describe('restrictStorageAccess', () => {
  it('limits storage.local and storage.session to trusted contexts', async () => {
    const local = area();
    const session = area();
    const storage = { local, session } as unknown as StorageLike;
    expect(await restrictStorageAccess(storage)).toEqual(['local', 'session']);
    expect(local.state.level).toBe('TRUSTED_CONTEXTS');
    expect(session.state.level).toBe('TRUSTED_CONTEXTS');
  });

  it('skips browsers without setAccessLevel (Firefox) instead of throwing', async () => {
    expect(await restrictStorageAccess({ local: {}, session: undefined })).toEqual([]);
    expect(await restrictStorageAccess(undefined)).toEqual([]);
  });

  it('logs a refusal and still restricts the other area', async () => {
    const logged: string[] = [];
    const session = area();
    const storage = { local: area(true), session } as unknown as StorageLike;
    expect(await restrictStorageAccess(storage, (message) => logged.push(message))).toEqual(['session']);
    expect(logged).toEqual(['storage.local.setAccessLevel']);
    expect(session.state.level).toBe('TRUSTED_CONTEXTS');
  });
});
