// The offscreen side of a capture's frame link: a port the clicked frame opens to this document
// (utils/capture/frame-server.ts), over which every playlist, key and segment is fetched by the
// frame itself. A body arrives as a stream of pieces, handed to the reader as they come (nothing
// here keeps them); a reader that stops early cancels the page's fetch. The background only injects the server once (it alone holds `scripting`); the
// bytes go frame → offscreen directly, so a worker restart does not interrupt them either.
// The port is accepted only under the name this document made up and only from the job's own tab
// and frame; each answer is schema-checked. A port that closes (the page was left or closed)
// fails what is pending as `page_closed`; the link is not re-opened, as the frame may now hold
// another page.
import type { Browser } from 'wxt/browser';
import { frameLinkName, frameMessageSchema, type FrameHead } from '@/utils/capture/frame-server';

type Port = Browser.runtime.Port;

export interface FrameTarget {
  tabId: number;
  frameId: number;
}

export interface LinkRuntime {
  onConnect: { addListener(cb: (port: Port) => void): void; removeListener(cb: (port: Port) => void): void };
  /** Asks the background to inject the frame server under `portName`; resolves to its answer. */
  requestLink(portName: string): Promise<{ ok: boolean; error?: string }>;
}

/** A response from the frame: its head, and its body as a stream when `ok`. */
export type FrameAnswer = Omit<FrameHead, 'kind'> & { body?: ReadableStream<Uint8Array> };

/** A body that failed part-way in the page (`status` 413: larger than one frame read). */
export class BodyFailed extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(detail);
    this.name = 'BodyFailed';
  }
}

export interface FrameLink {
  fetch(url: string, range: string | null): Promise<FrameAnswer>;
  close(): void;
}

export class LinkClosed extends Error {
  constructor(detail: string) {
    super(`page_closed: ${detail}`);
    this.name = 'LinkClosed';
  }
}

const CONNECT_TIMEOUT_MS = 20_000;

export function createFrameLink(
  target: FrameTarget,
  jobId: string,
  runtime: LinkRuntime,
  nonce: string = crypto.randomUUID(),
): FrameLink {
  const name = frameLinkName(jobId, nonce);
  /** Requests waiting for their head. */
  const pending = new Map<number, { resolve: (a: FrameAnswer) => void; reject: (e: Error) => void }>();
  /** Bodies being received. */
  const bodies = new Map<number, ReadableStreamDefaultController<Uint8Array>>();
  let nextId = 0;
  let closed: Error | undefined;
  let port: Promise<Port> | undefined;
  let stopOpening: ((error: Error) => void) | undefined;

  const failAll = (error: Error) => {
    closed ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
    for (const body of bodies.values()) body.error(error);
    bodies.clear();
  };

  const receive = (port: Port, raw: unknown) => {
    const parsed = frameMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.kind === 'head') {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (!waiting) return;
      const { kind: _kind, ...head } = message;
      if (!head.ok) return waiting.resolve(head);
      const body = new ReadableStream<Uint8Array>({
        start: (controller) => void bodies.set(message.id, controller),
        cancel: () => {
          // The reader is done with it: the page stops fetching and sending.
          bodies.delete(message.id);
          try {
            port.postMessage({ id: message.id, cancel: true });
          } catch {
            // The link is gone already.
          }
        },
      });
      waiting.resolve({ ...head, body });
      return;
    }
    const body = bodies.get(message.id);
    if (!body) return;
    if (message.kind === 'piece') {
      body.enqueue(message.bytes);
      return;
    }
    bodies.delete(message.id);
    if (message.error === undefined) body.close();
    else body.error(new BodyFailed(message.status ?? 0, message.error));
  };

  const open = (): Promise<Port> =>
    new Promise<Port>((resolve, reject) => {
      const giveUp = (error: Error) => {
        clearTimeout(timer);
        runtime.onConnect.removeListener(accept);
        reject(error);
      };
      const timer = setTimeout(() => giveUp(new LinkClosed('the page did not answer')), CONNECT_TIMEOUT_MS);
      stopOpening = giveUp;
      function accept(candidate: Port): void {
        if (candidate.name !== name) return;
        const sender = candidate.sender;
        if (sender?.tab?.id !== target.tabId || sender.frameId !== target.frameId) {
          candidate.disconnect();
          return;
        }
        clearTimeout(timer);
        runtime.onConnect.removeListener(accept);
        candidate.onMessage.addListener((raw: unknown) => receive(candidate, raw));
        candidate.onDisconnect.addListener(() => failAll(new LinkClosed('the page was closed or left')));
        resolve(candidate);
      }
      runtime.onConnect.addListener(accept);
      runtime.requestLink(name).then(
        (answer) => {
          if (!answer.ok) giveUp(new LinkClosed(answer.error ?? 'the page cannot be reached'));
        },
        (err: unknown) => giveUp(new LinkClosed(err instanceof Error ? err.message : String(err))),
      );
    });

  return {
    async fetch(url, range) {
      if (closed) throw closed;
      port ??= open();
      let linked: Port;
      try {
        linked = await port;
      } catch (err) {
        failAll(err as Error);
        throw err;
      }
      if (closed) throw closed;
      const id = nextId++;
      return new Promise<FrameAnswer>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        try {
          linked.postMessage({ id, url, range });
        } catch {
          failAll(new LinkClosed('the page was closed or left'));
        }
      });
    },
    close() {
      failAll(new Error('cancelled'));
      stopOpening?.(new Error('cancelled'));
      void port?.then((p) => p.disconnect()).catch(() => undefined);
    },
  };
}
