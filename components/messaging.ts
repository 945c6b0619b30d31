// The pages' side of the one message protocol: send a typed request, get the value or an Error
// whose message can be shown as is.
import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import type { Request, Response } from '@/utils/messages';

export async function ask<T = unknown>(request: Request): Promise<T> {
  let response: Response<T> | undefined;
  try {
    response = (await browser.runtime.sendMessage(request)) as Response<T> | undefined;
  } catch (error) {
    throw new Error(t('askNoAnswer', errorMessage(error)));
  }
  if (!response || typeof response !== 'object' || !('ok' in response)) {
    throw new Error(t('askEmptyAnswer'));
  }
  if (!response.ok) throw new Error(response.error);
  return response.value;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return String(error);
}
