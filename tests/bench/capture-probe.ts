// Where a capture's memory sits, beside the RSS per process (BENCH_CAPTURE_PROBE=1): the blob
// storage the browser process keeps for live Blobs (chrome://blob-internals), and the JS heap and
// ArrayBuffer backing stores of the playing page and of the offscreen document (CDP
// Runtime.getHeapUsage). Evidence for the bench's figures, not part of them: the probe's own tab
// and sessions cost a little memory of their own.
import type { Browser, CDPSession, Page } from 'puppeteer-core';

export interface ProbeFigures {
  /** Bytes of every Blob the browser's blob registry holds, and how many there are. */
  blobBytes: number;
  blobCount: number;
  /** V8 heap used + ArrayBuffer backing stores, per renderer. */
  pageHeapBytes: number;
  pageBuffersBytes: number;
  offscreenHeapBytes: number;
  offscreenBuffersBytes: number;
}

const ZERO: ProbeFigures = {
  blobBytes: 0,
  blobCount: 0,
  pageHeapBytes: 0,
  pageBuffersBytes: 0,
  offscreenHeapBytes: 0,
  offscreenBuffersBytes: 0,
};

interface HeapUsage {
  usedSize: number;
  backingStorageSize?: number;
}

/** blob-internals lists each blob with its items' `Length: N`; a blob's total is its items' sum. */
export function blobTotals(text: string): { bytes: number; count: number } {
  const count = (text.match(/Refcount:/g) ?? []).length;
  const bytes = [...text.matchAll(/Length:\s*([\d,]+)/g)].reduce(
    (n, m) => n + Number(m[1].replace(/,/g, '')),
    0,
  );
  return { bytes, count };
}

export class CaptureProbe {
  readonly peak: ProbeFigures = { ...ZERO };
  last: ProbeFigures = { ...ZERO };
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private offscreen: CDPSession | undefined;
  private pageSession: CDPSession | undefined;
  private shown = false;

  private constructor(
    private readonly browser: Browser,
    private readonly blobs: Page,
  ) {}

  static async open(browser: Browser, page: Page): Promise<CaptureProbe> {
    const blobs = await browser.newPage();
    const probe = new CaptureProbe(browser, blobs);
    probe.pageSession = await page.createCDPSession();
    return probe;
  }

  private async heap(session: CDPSession | undefined): Promise<HeapUsage> {
    if (!session) return { usedSize: 0 };
    return (await session.send('Runtime.getHeapUsage').catch(() => ({ usedSize: 0 }))) as HeapUsage;
  }

  async sample(): Promise<ProbeFigures> {
    if (!this.offscreen) {
      // The offscreen document exists only once the capture asked for it.
      const target = this.browser.targets().find((t) => t.url().includes('/offscreen.html'));
      this.offscreen = await target?.createCDPSession().catch(() => undefined);
    }
    await this.blobs.goto('chrome://blob-internals', { waitUntil: 'domcontentloaded' });
    const text = await this.blobs.evaluate(() => document.body.innerText);
    // Once, so the page's format can be checked against blobTotals when it reads 0.
    if (!this.shown && text.includes('Refcount')) {
      this.shown = true;
      console.log(`blob-internals sample: ${JSON.stringify(text.slice(0, 600))}`);
    }
    const { bytes, count } = blobTotals(text);
    const page = await this.heap(this.pageSession);
    const off = await this.heap(this.offscreen);
    this.last = {
      blobBytes: bytes,
      blobCount: count,
      pageHeapBytes: page.usedSize,
      pageBuffersBytes: page.backingStorageSize ?? 0,
      offscreenHeapBytes: off.usedSize,
      offscreenBuffersBytes: off.backingStorageSize ?? 0,
    };
    for (const key of Object.keys(this.peak) as (keyof ProbeFigures)[])
      this.peak[key] = Math.max(this.peak[key], this.last[key]);
    return this.last;
  }

  start(intervalMs = 1000): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        await this.sample().catch(() => undefined);
        await new Promise((r) => setTimeout(r, intervalMs));
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.offscreen?.detach().catch(() => undefined);
    await this.pageSession?.detach().catch(() => undefined);
    await this.blobs.close();
  }
}

export function formatProbe(figures: ProbeFigures): string {
  const mb = (b: number) => (b / 1e6).toFixed(1);
  return (
    `blob storage ${mb(figures.blobBytes)} MB in ${figures.blobCount} blobs; ` +
    `page heap ${mb(figures.pageHeapBytes)} + buffers ${mb(figures.pageBuffersBytes)} MB; ` +
    `offscreen heap ${mb(figures.offscreenHeapBytes)} + buffers ${mb(figures.offscreenBuffersBytes)} MB`
  );
}
