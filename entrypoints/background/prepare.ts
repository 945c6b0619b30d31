// The `queued` step: make sure the user is signed in, choose the route, and make sure the source
// can be read, before any request to TikTok.
import { chooseRoute } from '@/utils/route';
import type { Job } from '@/utils/job';
import { loadSettings } from '@/utils/settings';
import { checkSourceUrl } from '@/utils/url-safety';
import { failJob, setStatus } from './jobs';
import { hasHostPermission, permissionMessage } from './permissions';
import { accountOf } from './job-account';
import { deps } from './deps';

export async function prepare(job: Job): Promise<void> {
  await accountOf(job); // needs_auth when no account (or not the job's) is connected

  // TikTok already holds the whole video (a Retry after its status could not be had): only ask.
  if (job.heldByTikTok && job.publishId) {
    await setStatus(job.id, 'processing', { nextPollAt: deps().now(), attempts: 0 });
    return;
  }

  // A retry whose upload URL is still valid continues where TikTok stands.
  if (job.route === 'FILE_UPLOAD' && job.uploadUrl && job.publishId && job.plan) {
    await setStatus(job.id, 'uploading', {});
    return;
  }

  if (job.source.kind === 'file') {
    await setStatus(job.id, 'initializing', { route: 'FILE_UPLOAD' });
    return;
  }

  // A page's video: read or captured through its frame (activeTab from the click), then uploaded.
  if (job.source.kind === 'capture') {
    const stored = job.hasBlob || job.opfsFile;
    await setStatus(job.id, stored ? 'initializing' : 'acquiring', { route: 'FILE_UPLOAD', progress: 0 });
    return;
  }

  const check = checkSourceUrl(job.source.url, deps().urlOptions);
  if (!check.ok) {
    await failJob(job.id, { code: check.code, message: check.message });
    return;
  }
  const route =
    job.route ?? chooseRoute(job.source, (await loadSettings()).verifiedPrefixes, deps().urlOptions);
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
