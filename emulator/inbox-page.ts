/** The creator's view: a page listing the drafts the emulator holds, each playable, and their bytes. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Ctx } from './context';
import { htmlReply, type Reply } from './http';
import { isComplete, settle, type UploadRecord } from './uploads';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderInbox(uploads: UploadRecord[]): string {
  const items = uploads
    .slice()
    .sort((a, b) => b.createdAt - a.createdAt)
    .map((u) => {
      const id = escape(u.publishId);
      const src = `/inbox/${encodeURIComponent(u.publishId)}/video`;
      const size = u.plan?.videoSize ?? u.downloadedBytes;
      const player = isComplete(u)
        ? `<video controls preload="metadata" src="${src}"></video>`
        : '<p>Not all bytes have arrived.</p>';
      const reason = u.failReason ? ` (${escape(u.failReason)})` : '';
      return `<article id="${id}" data-publish-id="${id}" data-status="${u.status}" data-state="${u.state}">
  <h2>${id}</h2>
  <p><span class="status">${u.status}${reason}</span> · ${u.source} · ${size} B · ${u.state}${
    u.sha256 ? ` · SHA-256 <code>${u.sha256}</code>` : ''
  }</p>
  ${player}
</article>`;
    });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Drafts - TikTok emulator</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}article{border-bottom:1px solid #ddd;padding:1rem 0}
video{max-width:360px;max-height:480px;background:#000}code{font-size:.8em}</style></head>
<body>
<h1>Drafts inbox</h1>
<p>${uploads.length} draft(s).</p>
${items.join('\n') || '<p id="empty">No drafts yet.</p>'}
</body></html>`;
}

export function inboxPage(ctx: Ctx): Reply {
  const now = ctx.state.now();
  return htmlReply(200, renderInbox([...ctx.state.uploads.values()].map((u) => settle(u, now))));
}

/** Parses a single `bytes=` range against a size; null = whole body, 'bad' = unsatisfiable. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null | 'bad' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'bad';
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'bad';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'bad';
  return { start, end };
}

export async function serveVideo(ctx: Ctx, publishId: string): Promise<Reply> {
  const upload = ctx.state.uploads.get(publishId);
  if (!upload || !isComplete(upload)) return { status: 404, body: 'Not found' };
  ctx.note.publishId = publishId;
  const { size } = await stat(upload.filePath);
  const type = upload.contentType ?? 'application/octet-stream';
  const range = parseRange(ctx.req.headers.range, size);
  if (range === 'bad') return { status: 416, headers: { 'Content-Range': `bytes */${size}` } };
  const head = ctx.req.method === 'HEAD';
  if (range === null) {
    return {
      status: 200,
      headers: { 'Content-Type': type, 'Content-Length': String(size), 'Accept-Ranges': 'bytes' },
      stream: head ? undefined : createReadStream(upload.filePath),
    };
  }
  return {
    status: 206,
    headers: {
      'Content-Type': type,
      'Content-Length': String(range.end - range.start + 1),
      'Content-Range': `bytes ${range.start}-${range.end}/${size}`,
      'Accept-Ranges': 'bytes',
    },
    stream: head ? undefined : createReadStream(upload.filePath, { start: range.start, end: range.end }),
  };
}
