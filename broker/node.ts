// Runs the broker on Node (`npm run broker`). Prints exactly one line, `http://HOST:PORT`, on
// stdout once it listens, so scripts and tests can wait for it; everything else goes to stderr.

import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AddressInfo } from 'node:net';
import { createBroker } from './app';
import { brokerConfigFromEnv } from './env-config';

function fail(message: string): never {
  process.stderr.write(`broker: ${message}\n`);
  process.exit(1);
}

const config = brokerConfigFromEnv(process.env);
if (!config.ok) fail(config.message);

const host = process.env.HOST?.trim() || '127.0.0.1';
const port = Number(process.env.PORT?.trim() || 8787);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`PORT must be a port number, not ${process.env.PORT}`);

const app = createBroker({ ...config.options, clientIp: (c) => getConnInfo(c).remote.address });

const server = serve({ fetch: app.fetch, hostname: host, port }, (info: AddressInfo) => {
  const shownHost = host.includes(':') ? `[${host}]` : host;
  process.stdout.write(`http://${shownHost}:${info.port}\n`);
});

server.on('error', (error: NodeJS.ErrnoException) => {
  fail(error.code === 'EADDRINUSE' ? `${host}:${port} is already in use` : error.message);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    // Keep-alive sockets can hold close() open; do not let them keep the process alive.
    setTimeout(() => process.exit(0), 1000).unref();
  });
}
