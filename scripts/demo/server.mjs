// The demo page `npm start` serves: an HTML page with videos in every form the extension finds
// (<video src>, <video><source>, a link to an .mp4, og:video, JSON-LD VideoObject), and the video
// files themselves with Range support so the page's players can seek.

import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const VIDEO_DIR = path.join(HERE, 'videos');
const TYPES = { '.mp4': 'video/mp4', '.webm': 'video/webm' };

/** The demo's videos, by the role they play on the page. */
export const DEMO_VIDEOS = {
  /** A plain `<video src>`: what `npm start` sends from the context menu. */
  hero: 'sunrise.mp4',
  /** A `<video>` with a `<source>` child, also named by the page's JSON-LD VideoObject. */
  source: 'fractal.webm',
  /** Only linked from the page. */
  linked: 'testcard.mp4',
};

/** Parses `Range: bytes=a-b` (one range) against a size; null = send it all, 'bad' = 416. */
function parseRange(header, size) {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return 'bad';
  const start = match[1] === '' ? Math.max(0, size - Number(match[2])) : Number(match[1]);
  const end = match[1] === '' || match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start <= end && start < size ? { start, end } : 'bad';
}

async function serveVideo(req, res, name) {
  const type = TYPES[path.extname(name)];
  // Only the plain file names in videos/: no paths, so nothing outside it can be reached.
  if (!type || !/^[\w-]+\.\w+$/.test(name)) return notFound(res);
  const file = path.join(VIDEO_DIR, name);
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return notFound(res);
  const range = parseRange(req.headers.range, info.size);
  const headers = { 'Content-Type': type, 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-cache' };
  if (range === 'bad') {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${info.size}` }).end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: info.size - 1 };
  res.writeHead(range ? 206 : 200, {
    ...headers,
    'Content-Length': String(end - start + 1),
    ...(range ? { 'Content-Range': `bytes ${start}-${end}/${info.size}` } : {}),
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file, { start, end }).pipe(res);
}

function notFound(res) {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
}

async function servePage(res, origin, inboxUrl) {
  const template = await readFile(path.join(HERE, 'index.html'), 'utf8');
  // og:video and JSON-LD want absolute URLs; the origin is only known once listening.
  res
    .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' })
    .end(template.replaceAll('{{ORIGIN}}', origin).replaceAll('{{INBOX}}', inboxUrl));
}

/**
 * Starts the demo server. Resolves `{ url, close() }` once listening.
 * @param {{ host?: string, port?: number, inboxUrl?: string }} [options]
 */
export function startDemoServer({
  host = '127.0.0.1',
  port = 8791,
  inboxUrl = 'http://127.0.0.1:8790/inbox',
} = {}) {
  let origin = '';
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', origin);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    } else if (pathname === '/' || pathname === '/index.html') {
      servePage(res, origin, inboxUrl).catch(() => res.destroy());
    } else if (pathname.startsWith('/videos/')) {
      serveVideo(req, res, decodeURIComponent(pathname.slice('/videos/'.length))).catch(() => res.destroy());
    } else {
      notFound(res);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      origin = `http://${host}:${server.address().port}`;
      resolve({
        url: origin,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
