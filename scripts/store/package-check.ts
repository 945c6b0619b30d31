// What a store package must and must not hold, checked on the archive itself (file list and
// manifest), so the zip that would be uploaded is what is judged. Pure: the zip script and the
// tests read the archives and pass the contents here.

export type PackageKind = 'chrome' | 'firefox' | 'sources';

const LOOPBACK = /(^|[/.:[])(127\.\d+\.\d+\.\d+|localhost|\[?::1\]?)([/:\]]|$)/i;

export interface Manifest {
  name?: string;
  key?: string;
  host_permissions?: string[];
  permissions?: string[];
  background?: { service_worker?: string; scripts?: string[] };
  browser_specific_settings?: { gecko?: { id?: string } };
  web_accessible_resources?: unknown;
}

/** The problems with one archive; empty when it may be uploaded. */
export function packageProblems(kind: PackageKind, files: readonly string[], manifest?: Manifest): string[] {
  const problems: string[] = [];
  const has = (f: string) => files.includes(f);
  if (kind === 'sources') {
    for (const f of ['package.json', 'package-lock.json', 'wxt.config.ts', 'build-flags.ts', 'README.md']) {
      if (!has(f)) problems.push(`the sources zip lacks ${f}`);
    }
    if (!files.some((f) => f.startsWith('entrypoints/background/')))
      problems.push('the sources zip lacks entrypoints/');
    const stray = files.find(
      (f) => /(^|\/)(node_modules|\.output|\.tmp|\.git|test-artifacts)\//.test(f) || /(^|\/)\.env/.test(f),
    );
    if (stray) problems.push(`the sources zip holds ${stray}, which is not source`);
    return problems;
  }
  if (!has('manifest.json') || !manifest) return ['manifest.json is missing'];
  if (manifest.name?.includes('(dev)')) problems.push(`the manifest names a dev build: ${manifest.name}`);
  const loopbackHosts = (manifest.host_permissions ?? []).filter((h) => LOOPBACK.test(h));
  if (loopbackHosts.length) problems.push(`loopback host permissions: ${loopbackHosts.join(', ')}`);
  if (manifest.web_accessible_resources) problems.push('web_accessible_resources are for test builds only');
  const maps = files.filter((f) => f.endsWith('.map'));
  if (maps.length) problems.push(`source maps: ${maps.join(', ')}`);
  if (kind === 'chrome') {
    if (manifest.key) problems.push('the Chrome Web Store refuses a manifest key');
    if (!manifest.background?.service_worker) problems.push('Chrome MV3 needs a service worker');
  } else {
    if (!manifest.browser_specific_settings?.gecko?.id)
      problems.push('no browser_specific_settings.gecko.id');
    if (manifest.key) problems.push('a Chrome key in the Firefox manifest');
    if (!manifest.background?.scripts?.length)
      problems.push('Firefox MV3 needs background scripts (an event page)');
    if (manifest.permissions?.includes('offscreen')) problems.push('Firefox has no offscreen permission');
  }
  return problems;
}

/** Bundled code that still points at this computer: a build made with test addresses. */
export function loopbackInCode(text: string): string | undefined {
  return /https?:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.exec(text)?.[0];
}
