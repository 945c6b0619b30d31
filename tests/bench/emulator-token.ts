// An access token straight from the emulator, as a script with the client secret would get one:
// authorize (PKCE S256, auto-approved) → the code in the 302's Location → the token endpoint.
// The curl baseline needs it; the extension signs in through its own popup instead.
import { createHash, randomBytes } from 'node:crypto';
import { CLIENT_KEY, CLIENT_SECRET, REDIRECT_URI } from './settings';

const base64url = (bytes: Buffer): string => bytes.toString('base64url');

export async function emulatorAccessToken(emulatorUrl: string): Promise<string> {
  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(12));
  const authorize = new URL('/v2/auth/authorize/', emulatorUrl);
  authorize.search = new URLSearchParams({
    client_key: CLIENT_KEY,
    response_type: 'code',
    scope: 'user.info.basic,video.upload',
    redirect_uri: REDIRECT_URI,
    state,
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  }).toString();

  const approval = await fetch(authorize, { redirect: 'manual' });
  const location = approval.headers.get('location');
  if (approval.status !== 302 || !location) {
    throw new Error(`authorize answered ${approval.status} without a redirect: ${await approval.text()}`);
  }
  const redirect = new URL(location);
  const code = redirect.searchParams.get('code');
  if (!code || redirect.searchParams.get('state') !== state)
    throw new Error(`authorize redirected to ${location}`);

  const answer = await fetch(new URL('/v2/oauth/token/', emulatorUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_key: CLIENT_KEY,
      client_secret: CLIENT_SECRET,
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    }),
  });
  const body = (await answer.json()) as { access_token?: string };
  if (!answer.ok || !body.access_token)
    throw new Error(`token answered ${answer.status}: ${JSON.stringify(body)}`);
  return body.access_token;
}

export interface FileUploadInit {
  publishId: string;
  uploadUrl: string;
}

/** Drafts init for FILE_UPLOAD with the given plan. */
export async function initFileUpload(
  emulatorUrl: string,
  token: string,
  plan: { videoSize: number; chunkSize: number; totalChunkCount: number },
): Promise<FileUploadInit> {
  const answer = await fetch(new URL('/v2/post/publish/inbox/video/init/', emulatorUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=UTF-8' },
    body: JSON.stringify({
      source_info: {
        source: 'FILE_UPLOAD',
        video_size: plan.videoSize,
        chunk_size: plan.chunkSize,
        total_chunk_count: plan.totalChunkCount,
      },
    }),
  });
  const body = (await answer.json()) as { data?: { publish_id?: string; upload_url?: string } };
  const { publish_id: publishId, upload_url: uploadUrl } = body.data ?? {};
  if (!answer.ok || !publishId || !uploadUrl)
    throw new Error(`init answered ${answer.status}: ${JSON.stringify(body)}`);
  return { publishId, uploadUrl };
}
