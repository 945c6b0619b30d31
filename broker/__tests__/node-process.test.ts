// `npm run broker` as outside scripts use it: a process that prints one line when it listens.

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const started: ChildProcess[] = [];

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

// `--silent` keeps npm's own banner off stdout, so what is left is exactly the broker's output.
function runBroker(env: Record<string, string>): {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
} {
  const child = spawn('npm', ['run', '--silent', 'broker'], {
    cwd: repo,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so the test can stop npm and node together
  });
  started.push(child);
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (d: Buffer) => (output.stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output.stderr += d.toString()));
  return { child, output };
}

function exited(child: ChildProcess, output: { stdout: string; stderr: string }): Promise<Exit> {
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, ...output })));
}

async function firstLine(output: { stdout: string }, child: ChildProcess): Promise<string> {
  const deadline = Date.now() + 20_000;
  while (!output.stdout.includes('\n')) {
    if (child.exitCode !== null) throw new Error('broker exited before listening');
    if (Date.now() > deadline) throw new Error('broker printed nothing in 20 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  return output.stdout;
}

afterEach(() => {
  for (const child of started.splice(0)) {
    if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM');
  }
});

describe('npm run broker', () => {
  it('prints exactly one line, http://HOST:PORT, and serves there', async () => {
    const { child, output } = runBroker({
      TIKTOK_CLIENT_KEY: 'k',
      TIKTOK_CLIENT_SECRET: 's',
      PORT: '0',
      BROKER_ALLOWED_ORIGINS: '*',
      TIKTOK_API_ORIGIN: 'http://127.0.0.1:9',
    });
    const stdout = await firstLine(output, child);
    expect(stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\n$/);
    const url = stdout.trim();
    const health = await fetch(`${url}/health`);
    expect(await health.json()).toEqual({ ok: true });
    // Still one line after serving a request.
    expect(output.stdout).toBe(stdout);

    const done = exited(child, output);
    process.kill(-child.pid!, 'SIGTERM');
    expect((await done).stdout).toBe(stdout);
  });

  it('exits non-zero with a clear message when the client secret is missing', async () => {
    const { child, output } = runBroker({ TIKTOK_CLIENT_KEY: 'k', TIKTOK_CLIENT_SECRET: '', PORT: '0' });
    const result = await exited(child, output);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('TIKTOK_CLIENT_SECRET must be set');
  });
});
