// The `queued` step: make sure the user is signed in, choose the route, and make sure the source
// can be read, before any request to TikTok.
import { chooseRoute } from '@/utils/route';
import type { Job } from '@/utils/job';
import { loadSettings } from '@/utils/settings';
import { checkSourceUrl } from '@/utils/url-safety';
import { failJob, setStatus } from './jobs';
import { hasHostPermission, permissionMessage } from './permissions';
import { tokens, urlOptions } from './services';
import { NotSignedInError } from '@/utils/tokens';

export async function prepare(job: Job): Promise<void> {
  if (!(await tokens.signedIn())) throw new NotSignedInError();

  // A retry whose upload URL is still valid continues where TikTok stands.
  if (job.route === 'FILE_UPLOAD' && job.uploadUrl && job.publishId && job.plan) {
    await setStatus(job.id, 'uploading', {});
    return;
  }

  if (job.source.kind === 'file') {
    await setStatus(job.id, 'initializing', { route: 'FILE_UPLOAD' });
    return;
  }

  const check = checkSourceUrl(job.source.url, urlOptions);
  if (!check.ok) {
    await failJob(job.id, { code: check.code, message: check.message });
    return;
  }
  const route = job.route ?? chooseRoute(job.source, (await loadSettings()).verifiedPrefixes, urlOptions);
  if (route === 'PULL_FROM_URL') {
    // TikTok downloads the video itself: no bytes, and no host access, needed here.
    await setStatus(job.id, 'initializing', { route });
    return;
  }
  if (job.hasBlob) {
    await setStatus(job.id, 'initializing', { route });
    return;
  }
  if (!(await hasHostPermission(check.url))) {
    await setStatus(job.id, 'needs_permission', {
      route,
      error: { code: 'needs_permission', message: permissionMessage(check.url) },
    });
    return;
  }
  await setStatus(job.id, 'acquiring', { route, progress: 0 });
}
