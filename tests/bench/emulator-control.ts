// The emulator's control API at the bench's own address (the e2e harness's client is bound to the
// e2e port; its `call` and record types are shared).
import { call, type EmulatorRequest, type EmulatorUpload } from '../e2e/harness/emulator';

export type { EmulatorRequest, EmulatorUpload };

export function emulatorControl(base: string) {
  return {
    uploads: async () =>
      (await call<{ uploads: EmulatorUpload[] }>(base, 'GET', '/_emulator/uploads')).uploads,
    upload: (publishId: string) =>
      call<EmulatorUpload>(base, 'GET', `/_emulator/uploads/${encodeURIComponent(publishId)}`),
    log: async () => (await call<{ requests: EmulatorRequest[] }>(base, 'GET', '/_emulator/log')).requests,
  };
}
