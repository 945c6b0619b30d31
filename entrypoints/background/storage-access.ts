// Keeps browser.storage away from content scripts. By default Chrome lets every context of the
// extension read storage.local, including the scripts the extension injects into web pages
// (scripting.executeScript for the page's video finder). Those run in an isolated world, but in a
// page the user does not control: a compromised or buggy one could read the settings (the broker
// URL, the verified prefixes). Only the extension's own pages and the worker need storage.
//
// The level is not persisted across browser restarts, so it is set at every worker start.
// Firefox and older Chrome have no setAccessLevel: there content scripts are the only risk and
// nothing can be done, so it is skipped.

type AccessLevel = 'TRUSTED_CONTEXTS' | 'TRUSTED_AND_UNTRUSTED_CONTEXTS';

interface StorageAreaLike {
  setAccessLevel?: (options: { accessLevel: AccessLevel }) => Promise<void>;
}

export interface StorageLike {
  local?: StorageAreaLike;
  session?: StorageAreaLike;
}

/** Resolves with the areas it restricted; never rejects (a refusal is logged, not fatal). */
export async function restrictStorageAccess(
  storage: StorageLike | undefined,
  log: (message: string, error: unknown) => void = console.error,
): Promise<string[]> {
  const restricted: string[] = [];
  for (const name of ['local', 'session'] as const) {
    const area = storage?.[name];
    if (typeof area?.setAccessLevel !== 'function') continue;
    try {
      await area.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
      restricted.push(name);
    } catch (error) {
      log(`storage.${name}.setAccessLevel`, error);
    }
  }
  return restricted;
}
