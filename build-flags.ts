// The one decision about loopback allowances, made once per build from the resolved mode and
// environment (the shell's variables and the `.env*` files, as Vite reads them), and then used
// for both the manifest and the code (wxt.config.ts inlines it). Before, the manifest read only
// the shell while the code also read `.env*` files: a `.env.production` could make a
// production-looking manifest carry loopback code.

export class BuildFlagError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildFlagError';
  }
}

function on(value: string | undefined): boolean {
  return value === 'true' || value === '1';
}

/**
 * Whether this build allows loopback sources (test and dev builds). A production build with the
 * flag set is refused: what users install must never reach this computer's services.
 */
export function loopbackFor(mode: string, env: Readonly<Record<string, string | undefined>>): boolean {
  const loopback = on(env.WXT_ALLOW_LOOPBACK_SOURCES);
  if (loopback && mode === 'production') {
    throw new BuildFlagError(
      'WXT_ALLOW_LOOPBACK_SOURCES is set for a production build. It is for test and dev builds only: build with `--mode dev` (or e2e, bench), which writes to its own .output folder.',
    );
  }
  return loopback;
}

/** Loopback builds say so in their name, so they are never mistaken for the real extension. */
export function extensionName(loopback: boolean): string {
  return loopback ? 'Send to TikTok Drafts (dev)' : 'Send to TikTok Drafts';
}
