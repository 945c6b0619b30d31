// One e2e run at a time per checkout: the build output and the fixed ports are shared, so a second
// run (another terminal, another agent) waits for the first instead of rebuilding the extension
// under its browsers or failing on busy ports.
import { open, readFile, rm } from 'node:fs/promises';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock at `file`, waiting up to `timeoutMs` for a live holder; returns the release. */
export async function acquireRunLock(file: string, timeoutMs = 20 * 60_000): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      const handle = await open(file, 'wx');
      await handle.write(String(process.pid));
      await handle.close();
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (!Number.isInteger(holder) || holder <= 0 || !alive(holder)) {
      // A run that crashed without releasing it.
      await rm(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`another e2e run (pid ${holder}) still holds ${file}`);
    if (!announced) {
      console.info(`e2e: waiting for the run in process ${holder} to finish (${file})`);
      announced = true;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}
