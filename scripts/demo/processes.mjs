// Child processes for `npm start`: each in its own process group, so stopping one stops npm and
// the node it runs together, and nothing is left behind when the script ends.

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const NOISE = /^npm (warn|notice)/;

/** Resolves when `port` on `host` can be bound; rejects with a clear message when it is taken. */
export function assertPortFree(host, port, what) {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `${host}:${port} (${what}) is already in use — is another \`npm start\` running?`
            : `cannot listen on ${host}:${port} (${what}): ${error.message}`,
        ),
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/**
 * Spawns `command args` in its own process group. stderr lines are shown prefixed with `name`
 * (npm's own warnings dropped); stdout is collected.
 */
export function startProcess(name, command, args, { env = {}, cwd, quiet = false } = {}) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d.toString()));
  child.stderr.on('data', (d) => {
    stderr += d.toString();
    if (quiet) return;
    for (const line of d.toString().split('\n')) {
      if (line.trim() && !NOISE.test(line)) process.stderr.write(`  [${name}] ${line}\n`);
    }
  });
  const exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));

  return {
    name,
    child,
    exited,
    output: () => ({ stdout, stderr }),

    /** The first stdout line (the `http://HOST:PORT` the emulator and the broker print). */
    async firstLine(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!stdout.includes('\n')) {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`${name} exited before it was ready:\n${tail(stderr)}`);
        }
        if (Date.now() > deadline) throw new Error(`${name} printed nothing in ${timeoutMs / 1000} s`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return stdout.slice(0, stdout.indexOf('\n')).trim();
    },

    /** SIGTERM to the whole group, SIGKILL if it has not gone after a grace period. */
    async stop(graceMs = 3_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // npm may exit before the node it started: make sure the group is gone.
      signalGroup(child.pid, 'SIGKILL');
    },
  };
}

/** Fails with the end of the process's output unless it exits 0. */
export async function succeeded(proc) {
  const { code, signal } = await proc.exited;
  if (code !== 0) {
    const { stdout, stderr } = proc.output();
    throw new Error(`${proc.name} failed (${signal ?? `exit ${code}`}):\n${tail(stdout + stderr)}`);
  }
  return proc.output();
}

/** Everything `npm start` started, so one call stops it all, newest first. */
export class Supervisor {
  #processes = [];

  start(...args) {
    const proc = startProcess(...args);
    this.#processes.push(proc);
    return proc;
  }

  async stopAll() {
    const all = this.#processes.splice(0).reverse();
    await Promise.all(all.map((proc) => proc.stop()));
  }

  /** Last resort for `process.on('exit')`, where nothing can be awaited. */
  killAllNow() {
    for (const proc of this.#processes) {
      if (proc.child.exitCode === null && proc.child.signalCode === null)
        signalGroup(proc.child.pid, 'SIGKILL');
    }
  }
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function tail(text, lines = 25) {
  return text.trim().split('\n').slice(-lines).join('\n');
}
