// The broker's OAuth callback (`GET /oauth/callback`), for TikTok apps that will not register the
// extension's own redirect URL (https://<id>.chromiumapp.org/, https://<hash>.extensions.allizom.org/).
// TikTok redirects the browser here with `code`, `scopes` and `state` (or `error`); this answers
// with a redirect to the extension's redirect URL, which the browser's launchWebAuthFlow catches.
//
// Where it redirects is never taken from the request. The targets are derived from the broker's
// configuration (the allowed `chrome-extension://<id>` origins and the Firefox add-on ids), and the
// request can only pick one of them: the first part of `state` names the target's host label
// (`<label>.<random>`). A forged state can therefore only send a code to one of the configured
// extensions, whose launchWebAuthFlow accepts it only if it matches the state it is waiting for.
// Nothing is stored: the broker stays stateless and the code passes through once.

/** The answer parameters TikTok documents; anything else is dropped, not forwarded. */
const FORWARDED = ['code', 'scopes', 'state', 'error', 'error_description'] as const;
/** Generous for TikTok's codes and descriptions, small enough that nobody parks data here. */
const MAX_VALUE_CHARS = 2048;
const MAX_QUERY_CHARS = 8192;

/** `<label>.<random>`: a Chrome id (32 × a-p) or a Firefox hash (40 hex), then the random part. */
const STATE = /^([a-p]{32}|[0-9a-f]{40})\.([A-Za-z0-9_~-]{16,256})$/;
const CHROME_ORIGIN = /^chrome-extension:\/\/([a-p]{32})$/;
/** Firefox add-on ids: `name@domain` or a `{uuid}`. */
const GECKO_ID = /^(?:[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+|\{[0-9a-fA-F-]{36}\})$/;

/** host label → the extension's redirect URL. */
export type CallbackTargets = ReadonlyMap<string, string>;

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Firefox's identity.getRedirectURL(): https://<sha1 hex of the add-on id>.extensions.allizom.org/ */
export async function firefoxRedirectUrl(geckoId: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(geckoId));
  return `https://${hex(digest)}.extensions.allizom.org/`;
}

/** The redirect URLs this broker may send a code to, from its configuration only. */
export async function callbackTargets(
  allowedOrigins: readonly string[],
  geckoIds: readonly string[],
): Promise<CallbackTargets> {
  const targets = new Map<string, string>();
  for (const origin of allowedOrigins) {
    const id = CHROME_ORIGIN.exec(origin.trim().replace(/\/+$/, ''))?.[1];
    if (id) targets.set(id, `https://${id}.chromiumapp.org/`);
  }
  for (const geckoId of geckoIds) {
    if (!GECKO_ID.test(geckoId)) continue;
    const url = await firefoxRedirectUrl(geckoId);
    targets.set(new URL(url).hostname.split('.')[0], url);
  }
  return targets;
}

export type CallbackDecision =
  { ok: true; location: string } | { ok: false; status: 400 | 414; message: string };

/** Decides the callback's answer from the raw query string and the configured targets. */
export function decideCallback(rawQuery: string, targets: CallbackTargets): CallbackDecision {
  if (rawQuery.length > MAX_QUERY_CHARS) {
    return { ok: false, status: 414, message: 'The sign-in answer is too long to be TikTok’s.' };
  }
  const params = new URLSearchParams(rawQuery);
  const forwarded: [string, string][] = [];
  for (const name of FORWARDED) {
    const values = params.getAll(name);
    // Two values for one name would let the extension and the broker read different answers.
    if (values.length > 1) return { ok: false, status: 400, message: `The sign-in answer repeats ${name}.` };
    const value = values[0];
    if (value === undefined) continue;
    if (value.length > MAX_VALUE_CHARS) {
      return { ok: false, status: 414, message: `The sign-in answer’s ${name} is too long.` };
    }
    forwarded.push([name, value]);
  }
  const state = params.get('state');
  if (!state) {
    return {
      ok: false,
      status: 400,
      message:
        'The sign-in answer has no state, so it cannot be sent to the extension. Start sign-in again from the extension.',
    };
  }
  const label = STATE.exec(state)?.[1];
  const target = label === undefined ? undefined : targets.get(label);
  if (!target) {
    return {
      ok: false,
      status: 400,
      message:
        'The sign-in answer is not for an extension this broker serves. Start sign-in again from the extension.',
    };
  }
  if (!params.get('code') && !params.get('error')) {
    return { ok: false, status: 400, message: 'The sign-in answer has neither a code nor an error.' };
  }
  const url = new URL(target);
  for (const [name, value] of forwarded) url.searchParams.set(name, value);
  return { ok: true, location: url.toString() };
}
