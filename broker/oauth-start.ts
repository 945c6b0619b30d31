// `GET /oauth/start`: where the extension starts a sign-in that comes back through the broker's
// callback. Firefox's launchWebAuthFlow refuses a URL with a `redirect_uri` parameter that is not
// the add-on's own redirect URL ("redirect_uri not allowed", measured in firefox-esr 153), so the
// flow opens this route without one, and the broker redirects to TikTok's authorize page with the
// parameters plus `redirect_uri` = its own callback. The target is the configured authorize URL
// only; the parameters are TikTok's documented ones, with the broker's own client key and a state
// its callback will accept.
import { decideCallback, type CallbackTargets } from './oauth-callback';

const PASSED = [
  'client_key',
  'scope',
  'state',
  'response_type',
  'code_challenge',
  'code_challenge_method',
] as const;
const MAX_QUERY_CHARS = 4096;

export type StartDecision =
  { ok: true; location: string } | { ok: false; status: 400 | 414; message: string };

export function decideStart(
  rawQuery: string,
  options: { clientKey: string; authUrl: string; callbackUrl: string; targets: CallbackTargets },
): StartDecision {
  if (rawQuery.length > MAX_QUERY_CHARS)
    return { ok: false, status: 414, message: 'The sign-in request is too long.' };
  const params = new URLSearchParams(rawQuery);
  for (const name of PASSED) {
    if (params.getAll(name).length > 1)
      return { ok: false, status: 400, message: `The sign-in request repeats ${name}.` };
  }
  if (params.get('client_key') !== options.clientKey) {
    return {
      ok: false,
      status: 400,
      message: 'The sign-in request is not for this broker’s TikTok app (client_key).',
    };
  }
  if (params.has('redirect_uri')) {
    return {
      ok: false,
      status: 400,
      message: 'The sign-in request may not name a redirect_uri: it is the broker’s callback.',
    };
  }
  // The same state rule as the callback: a sign-in this broker could not send back is refused now.
  const probe = decideCallback(
    new URLSearchParams({ code: 'probe', state: params.get('state') ?? '' }).toString(),
    options.targets,
  );
  if (!probe.ok) return { ok: false, status: 400, message: probe.message.replace('answer', 'request') };
  const url = new URL(options.authUrl);
  for (const name of PASSED) {
    const value = params.get(name);
    if (value !== null) url.searchParams.set(name, value);
  }
  url.searchParams.set('redirect_uri', options.callbackUrl);
  return { ok: true, location: url.toString() };
}
