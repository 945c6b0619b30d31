// Resident memory of a process tree (Chromium is one browser process and many children), read from
// /proc: Linux only, like the machines this bench runs on. Summed VmRSS counts shared pages once
// per process, so absolute figures run high; the bench reports a difference from the same tree
// idle, where that overcount mostly cancels.
import { readdir, readFile } from 'node:fs/promises';

/** `VmRSS:   123456 kB` in /proc/<pid>/status → bytes; null for a kernel thread or zombie. */
export function vmRssBytes(status: string): number | null {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : null;
}

/** The parent pid in /proc/<pid>/stat; the command name before it may hold spaces and parens. */
export function parentPid(stat: string): number | null {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(fields[1]);
  return Number.isInteger(ppid) ? ppid : null;
}

/** `root` and every process below it, given each process's parent. */
export function descendants(root: number, parents: Map<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const tree: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

async function readOrNull(file: string): Promise<string | null> {
  // A process may exit between listing /proc and reading its files.
  return readFile(file, 'utf8').catch(() => null);
}

async function parentsOfAll(): Promise<Map<number, number>> {
  const parents = new Map<number, number>();
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  await Promise.all(
    pids.map(async (pid) => {
      const stat = await readOrNull(`/proc/${pid}/stat`);
      const ppid = stat === null ? null : parentPid(stat);
      if (ppid !== null) parents.set(pid, ppid);
    }),
  );
  return parents;
}

/** Sum of VmRSS over `root`'s process tree, in bytes. */
export async function treeRss(root: number): Promise<number> {
  const tree = descendants(root, await parentsOfAll());
  const sizes = await Promise.all(
    tree.map(async (pid) => {
      const status = await readOrNull(`/proc/${pid}/status`);
      return (status === null ? null : vmRssBytes(status)) ?? 0;
    }),
  );
  return sizes.reduce((a, b) => a + b, 0);
}

/** Chromium's role for a process from its command line: the extension's own renderer apart. */
export function processRole(cmdline: string): string {
  const type = /--type=([\w-]+)/.exec(cmdline)?.[1];
  if (!type) return 'browser';
  if (type === 'renderer') return cmdline.includes('--extension-process') ? 'extension' : 'renderer';
  return type;
}

/** VmRSS of `root`'s tree summed per processRole, in bytes (to tell which process grows). */
export async function treeRssByRole(root: number): Promise<Record<string, number>> {
  const tree = descendants(root, await parentsOfAll());
  const byRole: Record<string, number> = {};
  await Promise.all(
    tree.map(async (pid) => {
      const status = await readOrNull(`/proc/${pid}/status`);
      const cmdline = (await readOrNull(`/proc/${pid}/cmdline`))?.replace(/\0/g, ' ') ?? '';
      const rss = (status === null ? null : vmRssBytes(status)) ?? 0;
      const role = processRole(cmdline);
      byRole[role] = (byRole[role] ?? 0) + rss;
    }),
  );
  return byRole;
}

/** Samples a tree's RSS every `intervalMs` until stopped; samples never overlap. */
export class RssSampler {
  readonly samples: number[] = [];
  /** The highest RSS seen per process role (processRole), in bytes. */
  readonly peakByRole: Record<string, number> = {};
  private running = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly root: number,
    private readonly intervalMs = 200,
  ) {}

  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const byRole = await treeRssByRole(this.root);
        this.samples.push(Object.values(byRole).reduce((a, b) => a + b, 0));
        for (const [role, rss] of Object.entries(byRole))
          this.peakByRole[role] = Math.max(this.peakByRole[role] ?? 0, rss);
        await new Promise((r) => setTimeout(r, this.intervalMs));
      }
    })();
  }

  async stop(): Promise<number[]> {
    this.running = false;
    await this.loop;
    return this.samples;
  }
}

export function median(values: number[]): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
