// `npm run zip`: the store packages, from production builds only.
//   .output/send-to-tiktok-drafts-<version>-chrome.zip   Chrome Web Store
//   .output/send-to-tiktok-drafts-<version>-firefox.zip  addons.mozilla.org (MV3)
//   .output/send-to-tiktok-drafts-<version>-sources.zip  the sources AMO asks for
// Refused: loopback allowances (WXT_ALLOW_LOOPBACK_SOURCES, also from .env files: build-flags.ts
// throws), addresses of this computer or plain http for TikTok or the broker, no client key. Each
// archive is then opened and checked (scripts/store/package-check.ts) before it is called done.
import { spawn } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loopbackInCode, packageProblems, type Manifest, type PackageKind } from './store/package-check';
import { listZip, readZipText } from './store/zip-read';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, '.output');

function fail(message: string): never {
  process.stderr.write(`zip: ${message}\n`);
  process.exit(1);
}

/** Why these build settings cannot make a store package; undefined when they can. */
export function settingsProblem(env: NodeJS.ProcessEnv): string | undefined {
  const flag = env.WXT_ALLOW_LOOPBACK_SOURCES;
  if (flag === '1' || flag === 'true') {
    return 'WXT_ALLOW_LOOPBACK_SOURCES is set: store packages are production builds without loopback allowances. Unset it.';
  }
  if (!env.WXT_TIKTOK_CLIENT_KEY?.trim()) {
    return 'WXT_TIKTOK_CLIENT_KEY is not set: a package without your TikTok app’s client key cannot sign in.';
  }
  for (const name of ['WXT_TIKTOK_API_ORIGIN', 'WXT_TIKTOK_AUTH_URL', 'WXT_BROKER_URL']) {
    const value = env[name]?.trim();
    if (!value) continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return `${name} is not a URL: ${value}`;
    }
    if (url.protocol !== 'https:' || loopbackInCode(`${url.protocol}//${url.host}/`)) {
      return `${name} must be a public https address in a store package, not ${value}`;
    }
  }
  return undefined;
}

function wxt(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['wxt', ...args], { cwd: ROOT, env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`wxt ${args.join(' ')} exited ${code}`)),
    );
  });
}

async function check(kind: PackageKind, zip: string): Promise<void> {
  const files = await listZip(zip);
  const manifest =
    kind === 'sources' ? undefined : (JSON.parse(await readZipText(zip, 'manifest.json')) as Manifest);
  const problems = packageProblems(kind, files, manifest);
  if (kind !== 'sources') {
    for (const file of files.filter((f) => f.endsWith('.js'))) {
      const hit = loopbackInCode(await readZipText(zip, file));
      if (hit) problems.push(`${file} points at ${hit}`);
    }
  }
  if (problems.length) fail(`${path.basename(zip)}:\n  ${problems.join('\n  ')}`);
  process.stdout.write(`zip: ${path.relative(ROOT, zip)} checked (${files.length} files)\n`);
}

async function main(): Promise<void> {
  const problem = settingsProblem(process.env);
  if (problem) fail(problem);
  const env = { ...process.env, STORE_PACKAGE: '1' };
  const version = (JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;
  // Archives of an earlier version would sit beside the new ones and be mistaken for them.
  for (const f of await readdir(OUT).catch(() => [])) if (f.endsWith('.zip')) await rm(path.join(OUT, f));
  await wxt(['zip', '--mode', 'production'], env);
  await wxt(['zip', '-b', 'firefox', '--mv3', '--mode', 'production'], env);
  const name = (kind: string) => path.join(OUT, `send-to-tiktok-drafts-${version}-${kind}.zip`);
  await check('chrome', name('chrome'));
  await check('firefox', name('firefox'));
  await check('sources', name('sources'));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
}
