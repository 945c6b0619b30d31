// The pages' side of the one message protocol: send a typed request, get the value or an Error
// whose message can be shown as is.
import { browser } from 'wxt/browser';
import type { Request, Response } from '@/utils/messages';

export async function ask<T = unknown>(request: Request): Promise<T> {
  let response: Response<T> | undefined;
  try {
    response = (await browser.runtime.sendMessage(request)) as Response<T> | undefined;
  } catch (error) {
    throw new Error(`The extension’s background did not answer (${errorMessage(error)}). Try again.`);
  }
  if (!response || typeof response !== 'object' || !('ok' in response)) {
    throw new Error('The extension’s background gave no answer. Try again.');
  }
  if (!response.ok) throw new Error(response.error);
  return response.value;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return String(error);
}
