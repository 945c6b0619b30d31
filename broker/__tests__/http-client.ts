// A plain HTTP/1.1 client for the runtime tests, on node:http rather than fetch because two things
// need the socket: the source address (each case calls from its own 127.x.y.z, which both runtimes
// see as the client address: Node's socket, workerd's CF-Connecting-IP) and a chunked body whose
// sending stops the moment the server answers, so the test can see how much the server took.

import { request } from 'node:http';
import { connect } from 'node:net';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Loopback source address to call from (any of 127.0.0.0/8). */
  from?: string;
}

function headersOf(raw: NodeJS.Dict<string | string[]>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const one of Array.isArray(value) ? value : [value ?? '']) headers.append(name, one);
  }
  return headers;
}

/** One request on a fresh connection; redirects are answers, not followed. */
export function send(url: string, options: SendOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        headers:
          options.body === undefined
            ? options.headers
            : { 'Content-Length': String(Buffer.byteLength(options.body)), ...options.headers },
        localAddress: options.from,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: headersOf(res.headers),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export interface StreamResult {
  /** The server's answer; undefined when it reset the connection before the answer could be read. */
  answer?: { status: number; text: string };
  /** Body bytes the socket accepted before the answer (or the reset) came. */
  written: number;
}

/** Status and body of a raw HTTP/1.1 answer once it is complete (Content-Length or chunked). */
function parseAnswer(raw: Buffer): { status: number; text: string } | undefined {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) return undefined;
  const head = raw.subarray(0, split).toString('latin1');
  const body = raw.subarray(split + 4);
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
  const length = /^content-length:\s*(\d+)/im.exec(head);
  if (length) {
    const size = Number(length[1]);
    return body.byteLength < size ? undefined : { status, text: body.subarray(0, size).toString('utf8') };
  }
  if (!/^transfer-encoding:\s*chunked/im.test(head)) return undefined;
  const parts: Buffer[] = [];
  for (let at = 0; ;) {
    const eol = body.indexOf('\r\n', at);
    if (eol < 0) return undefined;
    const size = parseInt(body.subarray(at, eol).toString('latin1'), 16);
    if (size === 0) return { status, text: Buffer.concat(parts).toString('utf8') };
    if (!(size > 0) || body.byteLength < eol + 2 + size + 2) return undefined;
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

/**
 * POSTs a chunked body (no Content-Length) of up to `maxBytes` on a raw socket, writing only as
 * fast as the server reads, and stops at the first byte of an answer. A server that read the body
 * whole would take all `maxBytes` first. A raw socket, because a server may answer early and then
 * reset the connection (workerd does, leaving the rest unread): node:http reports the reset on
 * the write and drops the answer, while the socket still delivers the answer's bytes.
 */
export function sendChunked(
  url: string,
  options: { headers: Record<string, string>; maxBytes: number; from?: string },
): Promise<StreamResult> {
  const target = new URL(url);
  const piece = Buffer.from('a='.padEnd(64 * 1024, 'x'));
  const frame = Buffer.concat([
    Buffer.from(`${piece.byteLength.toString(16)}\r\n`),
    piece,
    Buffer.from('\r\n'),
  ]);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: target.hostname, port: Number(target.port), localAddress: options.from });
    const received: Buffer[] = [];
    let written = 0;
    let answer: StreamResult['answer'];
    let failure: Error | undefined;
    socket.on('data', (d: Buffer) => {
      received.push(d);
      answer = parseAnswer(Buffer.concat(received));
      if (answer) socket.destroy();
    });
    // A write that meets the server's reset fails before the answer it sent first has been read
    // (the kernel drops unread data on a reset): the caller sees that as "no answer".
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') failure = error;
    });
    socket.on('close', () => (failure ? reject(failure) : resolve({ answer, written })));
    // Keep-alive (no `Connection: close`): a server that answers early then reads the rest away
    // instead of closing at once, so its answer is not lost to a reset.
    const head = Object.entries({ ...options.headers, Host: target.host, 'Transfer-Encoding': 'chunked' })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.write(`POST ${target.pathname}${target.search} HTTP/1.1\r\n${head}\r\n`);
    // One frame per turn of the event loop, after its I/O phase: an answer already on the socket
    // is read before the next write, so the count stops where the server stopped.
    const pump = () => {
      if (received.length || socket.destroyed) return;
      if (written >= options.maxBytes) return void socket.write('0\r\n\r\n');
      written += piece.byteLength;
      if (socket.write(frame)) setImmediate(pump);
      else socket.once('drain', () => setImmediate(pump));
    };
    socket.once('connect', pump);
  });
}
