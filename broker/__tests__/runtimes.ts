// The broker as a real server on each runtime it ships for, started from the same environment
// variables (Node) or bindings (Workers) that the README documents, so one table of HTTP cases can
// run against both: Node runs `broker/node.ts` as `npm run broker` does; workerd runs
// `broker/worker.ts` bundled into one module, as `wrangler deploy` would, inside Miniflare.

import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';

export type Runtime = 'node' | 'workerd';

export interface RunningBroker {
  runtime: Runtime;
  /** Origin the broker listens on, without a trailing slash. */
  url: string;
  close(): Promise<void>;
}

const repo = fileURLToPath(new URL('../..', import.meta.url));
const brokerDir = fileURLToPath(new URL('..', import.meta.url));
const START_TIMEOUT_MS = 30_000;

export function startBroker(runtime: Runtime, env: Record<string, string>): Promise<RunningBroker> {
  return runtime === 'node' ? startOnNode(env) : startOnWorkerd(env);
}

async function startOnNode(env: Record<string, string>): Promise<RunningBroker> {
  // Only the table's settings: a TIKTOK_* or BROKER_* variable of the shell must not leak in.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(TIKTOK_|BROKER_|HOST$|PORT$)/.test(name)),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'broker/node.ts'], {
    cwd: repo,
    env: { ...inherited, ...env, HOST: '127.0.0.1', PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // node.ts prints exactly one line, its URL, once it listens.
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`broker on Node did not start: ${stderr}`)),
      START_TIMEOUT_MS,
    );
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('\n')) {
        clearTimeout(timer);
        resolve(stdout.trim());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`broker on Node exited (${code}) before listening: ${stderr}`));
    });
  });
  return {
    runtime: 'node',
    url,
    close: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

interface WranglerSettings {
  main: string;
  compatibilityDate: string;
  compatibilityFlags: string[];
  /** `[vars]`: the bindings a deploy starts with. */
  vars: Record<string, string>;
}

/** The few keys of wrangler.toml that decide how the Worker runs, so the test cannot drift from it. */
export async function wranglerSettings(): Promise<WranglerSettings> {
  const toml = await readFile(`${brokerDir}/wrangler.toml`, 'utf8');
  const value = (key: string) => new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, 'm').exec(toml)?.[1];
  const flags = /^compatibility_flags\s*=\s*\[([^\]]*)\]/m.exec(toml)?.[1] ?? '';
  const main = value('main');
  const compatibilityDate = value('compatibility_date');
  if (!main || !compatibilityDate) throw new Error('wrangler.toml lacks main or compatibility_date');
  const varsSection = /^\[vars\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(toml)?.[1] ?? '';
  const vars = Object.fromEntries(
    [...varsSection.matchAll(/^([A-Z0-9_]+)\s*=\s*"([^"]*)"\s*$/gm)].map((m) => [m[1], m[2]]),
  );
  return {
    main,
    compatibilityDate,
    compatibilityFlags: [...flags.matchAll(/"([^"]+)"/g)].map((m) => m[1]),
    vars,
  };
}

let bundled: Promise<string> | undefined;

/** worker.ts and everything it imports as one ES module, resolved for the Workers runtime. */
export function bundleWorker(main: string): Promise<string> {
  bundled ??= build({
    entryPoints: [`${brokerDir}/${main}`],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0].text);
  return bundled;
}

async function startOnWorkerd(env: Record<string, string>): Promise<RunningBroker> {
  const settings = await wranglerSettings();
  const mf = new Miniflare({
    modules: true,
    script: await bundleWorker(settings.main),
    compatibilityDate: settings.compatibilityDate,
    compatibilityFlags: settings.compatibilityFlags,
    // wrangler.toml's [vars] as deployed, then what this run sets (the emulator for TikTok, the
    // secret a deploy puts with `wrangler secret put`): all arrive as string bindings.
    bindings: { ...settings.vars, ...env },
    host: '127.0.0.1',
    port: 0,
  });
  const ready = await mf.ready;
  return { runtime: 'workerd', url: ready.origin, close: () => mf.dispose() };
}
