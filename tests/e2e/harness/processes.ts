// Child processes of the e2e world: the build, the emulator and the broker. A service is "up" when
// it prints its one `http://HOST:PORT` line; its whole output goes to a log file for post-mortems.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

export interface Service {
  name: string;
  url: string;
  stop(): Promise<void>;
}

const URL_LINE = /^http:\/\/[^\s/]+:\d+$/;

// Detached groups outlive an interrupted run (Ctrl-C skips the teardown): end them on exit too.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) signalGroup(child, 'SIGTERM');
});

/** Runs a command to completion; rejects with its output when it fails. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`)),
    );
  });
}

/**
 * Starts a long-running service in its own process group (npm → sh → node), so stopping it ends
 * the whole group it started and nothing else.
 */
export function startService(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; timeoutMs?: number },
): Promise<Service> {
  const log = createWriteStream(options.logFile);
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
      const killTimer = setTimeout(() => signalGroup(child, 'SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(killTimer);
        log.end();
        resolve();
      });
      signalGroup(child, 'SIGTERM');
    });

  return new Promise((resolve, reject) => {
    let pending = '';
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop()
        .then(() => readFile(options.logFile, 'utf8').catch(() => ''))
        .then((output) => {
          // The cause (e.g. EADDRINUSE) is in the service's own output: put its end in the error.
          error.message += `\n--- ${name} output (end) ---\n${output.split('\n').slice(-15).join('\n')}`;
          reject(error);
        });
    };
    const timer = setTimeout(
      () =>
        fail(
          new Error(
            `${name} printed no http://HOST:PORT line within ${options.timeoutMs ?? 30_000} ms; see ${options.logFile}`,
          ),
        ),
      options.timeoutMs ?? 30_000,
    );
    child.stderr?.on('data', (d: Buffer) => log.write(d));
    child.stdout?.on('data', (d: Buffer) => {
      log.write(d);
      if (settled) return;
      pending += d.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      const line = lines.map((l) => l.trim()).find((l) => URL_LINE.test(l));
      if (line) {
        settled = true;
        clearTimeout(timer);
        resolve({ name, url: line, stop });
      }
    });
    child.once('error', (error) => fail(error));
    child.once('exit', (code, signal) =>
      fail(new Error(`${name} exited (${code ?? signal}) before listening; see ${options.logFile}`)),
    );
  });
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}
