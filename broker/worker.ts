// Cloudflare Workers entry. Settings come from the Worker's bindings: `[vars]` in wrangler.toml
// and the secret set with `wrangler secret put TIKTOK_CLIENT_SECRET`.

import type { Hono } from 'hono';
import { createBroker } from './app';
import { brokerConfigFromEnv, type BrokerEnv } from './env-config';

// One app per isolate: the rate limiter's memory must outlive a single request.
let app: Hono | undefined;

export default {
  fetch(request: Request, env: BrokerEnv): Response | Promise<Response> {
    if (!app) {
      const config = brokerConfigFromEnv(env);
      if (!config.ok) {
        return Response.json(
          { error: 'broker_misconfigured', error_description: config.message },
          { status: 500 },
        );
      }
      app = createBroker(config.options);
    }
    return app.fetch(request, env);
  },
};
