// One e2e run at a time per machine: the build output and the fixed ports are shared, so a second
// run (another terminal, another agent) waits for the first instead of rebuilding the extension
// under its browsers or failing on busy ports.
//
// The lock is a listening TCP port, not a file: the kernel frees it when the holder dies, however
// it dies. A pid file had a race — two waiters that both saw a dead holder's file each removed it
// and created their own, and both ran (seen here with several checkouts waiting at once). The file
// is still written, only to name the holder while others wait.
import { readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';

const LOCK_PORT = 18797;

function listen(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(server));
  });
}

/** Takes the lock, waiting up to `timeoutMs` for the holder; returns the release. */
export async function acquireRunLock(file: string, timeoutMs = 20 * 60_000): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    const server = await listen(LOCK_PORT);
    if (server) {
      server.unref(); // held for as long as the process lives, without keeping it alive
      await writeFile(file, String(process.pid));
      return async () => {
        await rm(file, { force: true });
        await new Promise<void>((resolve) => server.close(() => resolve()));
      };
    }
    const holder = (await readFile(file, 'utf8').catch(() => '?')).trim();
    if (Date.now() > deadline)
      throw new Error(`another e2e run (pid ${holder}) still holds port ${LOCK_PORT}`);
    if (!announced) {
      console.info(`e2e: waiting for the run in process ${holder} to finish (port ${LOCK_PORT}, ${file})`);
      announced = true;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * With the lock held, a listener on one of the run's ports is left over from a run that was
 * killed (its emulator or broker outlived it). Such a leftover of ours — its command line names
 * one of `commands` — is stopped; anything else is named in the error the start will give.
 */
export async function stopLeftovers(ports: number[], commands: string[]): Promise<void> {
  const inodes = new Map<string, number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A') continue; // LISTEN only
      const port = parseInt(cols[1].split(':')[1], 16);
      if (ports.includes(port)) inodes.set(cols[9], port);
    }
  }
  if (inodes.size === 0) return;
  for (const pid of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (!inode || !inodes.has(inode)) continue;
      const cmd = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replace(/\0/g, ' ');
      if (commands.some((c) => cmd.includes(c))) {
        console.info(`e2e: stopping a leftover of a killed run on port ${inodes.get(inode)}: ${pid} ${cmd}`);
        process.kill(Number(pid), 'SIGKILL');
        await new Promise((r) => setTimeout(r, 300));
      }
      break;
    }
  }
}
