// Where the media document (entrypoints/offscreen/: pre-flight, remux, stream capture) runs.
// Chrome's background is a service worker without a DOM, so the document is an offscreen
// document. Firefox has no offscreen API, but its MV3 background is an event page with a DOM: the
// same document runs there in a hidden iframe. Both are reached the same way — runtime messaging
// goes to every extension frame but the sender's, and the document's messages to the background
// carry its own URL — so the rest of the code does not know which host it has.

export interface OffscreenHost {
  /** Whether this browser can run the document at all. */
  readonly available: boolean;
  has(): Promise<boolean>;
  /** Opens the document; resolves once its message listener is registered. */
  create(): Promise<void>;
  close(): Promise<void>;
}

interface ChromeOffscreenApi {
  runtime: {
    getURL(path: string): string;
    getContexts(filter: { contextTypes: string[]; documentUrls: string[] }): Promise<unknown[]>;
  };
  offscreen: {
    createDocument(parameters: { url: string; reasons: string[]; justification: string }): Promise<void>;
    closeDocument(): Promise<void>;
  };
}

export function chromeOffscreenHost(api: ChromeOffscreenApi, path: string): OffscreenHost {
  return {
    available: true,
    async has() {
      const contexts = await api.runtime.getContexts({
        contextTypes: ['OFFSCREEN_DOCUMENT'],
        documentUrls: [api.runtime.getURL(path)],
      });
      return contexts.length > 0;
    },
    create: () =>
      api.offscreen.createDocument({
        url: path,
        reasons: ['WORKERS', 'BLOBS'],
        justification:
          'Remuxes a video the user sent (a streamed one, or a local MKV/MPEG-TS/MOV file) into one MP4 file on disk, and reads its format before sending.',
      }),
    close: () => api.offscreen.closeDocument(),
  };
}

const FRAME_ID = 'media-document';
/** A document that has not loaded in this long will not: the caller's step fails and retries. */
const LOAD_TIMEOUT_MS = 30_000;

/** The document in a hidden iframe of the background page (Firefox's event page). */
export function iframeHost(doc: Document, url: string): OffscreenHost {
  const find = () => doc.getElementById(FRAME_ID) as HTMLIFrameElement | null;
  let loading: Promise<void> | undefined;
  return {
    available: true,
    has: async () => find() !== null && loading === undefined,
    create() {
      if (find() && !loading) return Promise.resolve();
      loading ??= new Promise<void>((resolve, reject) => {
        const frame = doc.createElement('iframe');
        frame.id = FRAME_ID;
        frame.hidden = true;
        const timer = setTimeout(() => {
          frame.remove();
          reject(new Error('The media document did not load.'));
        }, LOAD_TIMEOUT_MS);
        // Module scripts run before `load`: its listeners exist once this fires.
        frame.addEventListener(
          'load',
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
        frame.src = url;
        doc.body.append(frame);
      }).finally(() => {
        loading = undefined;
      });
      return loading;
    },
    async close() {
      find()?.remove();
    },
  };
}

/** The host of this browser: an offscreen document, an iframe of the event page, or none. */
export function pickHost(path: string): OffscreenHost {
  const chromeApi = (globalThis as { chrome?: Partial<ChromeOffscreenApi> }).chrome;
  if (typeof chromeApi?.offscreen?.createDocument === 'function') {
    return chromeOffscreenHost(chromeApi as ChromeOffscreenApi, path);
  }
  const doc = (globalThis as { document?: Document }).document;
  const runtime = (globalThis as { browser?: { runtime?: { getURL(p: string): string } } }).browser?.runtime;
  if (doc?.body && runtime) return iframeHost(doc, runtime.getURL(path));
  return { available: false, has: async () => false, create: unsupported, close: async () => undefined };
}

async function unsupported(): Promise<void> {
  throw new Error('This browser cannot run the media document.');
}
