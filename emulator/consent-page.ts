/** Approve mode's consent page: who signs in (one of the known users), Approve or Deny. */
import type { EmulatorUser } from './config';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function consentPage(params: URLSearchParams, users: EmulatorUser[]): string {
  const hidden = [...params]
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n    ');
  const options = users
    .map((u) => `<option value="${escapeHtml(u.openId)}">${escapeHtml(u.displayName || u.openId)}</option>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorize - TikTok emulator</title></head>
<body>
  <h1>Allow this app to access your TikTok account?</h1>
  <p>Scopes: ${escapeHtml(params.get('scope') ?? '')}</p>
  <form method="post" action="/v2/auth/authorize/">
    ${hidden}
    <label>Signed in as <select id="user" name="open_id">${options}</select></label>
    <button id="approve" name="decision" value="approve" type="submit">Approve</button>
    <button id="deny" name="decision" value="deny" type="submit">Deny</button>
  </form>
</body></html>`;
}
