// Which connected account a job's draft goes to. A job made while no account was connected takes
// the target account the first time it needs one; a job whose account was removed waits in
// needs_auth (NotSignedInError) until that account is connected again, never going to another.
import type { AccountRecord } from '@/utils/accounts';
import type { Job } from '@/utils/job';
import { NotSignedInError } from '@/utils/tokens';
import { patchJob } from './jobs';
import { deps } from './deps';
import { t } from '@/utils/i18n';

export const ACCOUNT_GONE_MESSAGE = t('accountGone');

export async function accountOf(job: Job): Promise<AccountRecord> {
  if (job.accountId) {
    const account = await deps().accounts.find(job.accountId);
    if (!account) throw new NotSignedInError(ACCOUNT_GONE_MESSAGE);
    return account;
  }
  const target = await deps().accounts.target();
  if (!target) throw new NotSignedInError();
  await patchJob(job.id, { accountId: target.openId });
  return target;
}

/** Whether the job could run now as far as its account goes (needs_auth wakes on this). */
export async function accountReady(job: Job): Promise<boolean> {
  return job.accountId
    ? (await deps().accounts.find(job.accountId)) !== undefined
    : (await deps().accounts.target()) !== undefined;
}
