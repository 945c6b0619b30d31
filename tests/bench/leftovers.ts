// What the bench leaves running or on disk, undone on every way out. At the end it is undone in
// order; on a signal the first steps must be synchronous, because puppeteer's own SIGINT/SIGTERM
// handler kills the browser and exits the process right after the bench's handler returns.
import type { ChildProcess } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Service } from '../e2e/harness/processes';

export class Leftovers {
  /** After a failure the services' logs stay in the scratch directory for a post-mortem. */
  keepLogs = true;
  private readonly services: Service[] = [];
  private browser: ChildProcess | undefined;

  constructor(private readonly scratchDir: string) {}

  addService(service: Service): void {
    this.services.push(service);
  }

  /** The launched browser, while it runs (it closes itself on every normal path). */
  setBrowser(browser: ChildProcess | undefined): void {
    this.browser = browser;
  }

  /** Stops the services, then removes the scratch files. */
  async release(): Promise<void> {
    await Promise.all(this.services.map((service) => service.stop()));
    this.removeScratch();
  }

  /** For a signal: everything that cannot wait happens before this returns. */
  releaseNow(): Promise<void> {
    // stop() signals each service's process group synchronously and resolves once it exited.
    const stopped = Promise.all(this.services.map((service) => service.stop()));
    const pid = this.browser?.pid;
    if (pid !== undefined && this.browser?.exitCode === null) {
      try {
        // Puppeteer starts the browser in its own process group: end all of it.
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    this.removeScratch();
    return stopped.then(() => undefined);
  }

  private removeScratch(): void {
    if (!this.keepLogs) {
      rmSync(this.scratchDir, { recursive: true, force: true });
      return;
    }
    let names: string[] = [];
    try {
      names = readdirSync(this.scratchDir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!name.endsWith('.log')) rmSync(path.join(this.scratchDir, name), { recursive: true, force: true });
    }
  }
}
