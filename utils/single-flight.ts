// One refresh for many callers: the refresh token rotates, so two refreshes racing would spend it
// twice and the second would be refused, signing the user out. Concurrent callers share the one
// promise in flight; once it settles (either way) the next call starts afresh.

export function singleFlight<T>(fn: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () => {
    if (!inFlight) {
      // Promise.resolve().then so a synchronous throw in fn is shared like a rejection.
      inFlight = Promise.resolve()
        .then(fn)
        .finally(() => {
          inFlight = undefined;
        });
    }
    return inFlight;
  };
}
