// The transfers this worker instance is driving, each with its AbortController, so a cancel can
// stop a PUT in flight and the scheduler never drives one job twice.

export interface RunningJob {
  controller: AbortController;
  /** Transfers (download, init, upload) count against the concurrency limit; status polls do not. */
  transfer: boolean;
}

export const running = new Map<string, RunningJob>();

export function abortRunning(jobId: string): void {
  running.get(jobId)?.controller.abort(new DOMException('The job was cancelled.', 'AbortError'));
}
