// Shared by the transfer tests: sign in, and read what the emulator received.
import { expect } from 'vitest';
import { emulator, type EmulatorRequest, type EmulatorUpload } from './emulator';
import type { LaunchedExtension } from './launch';
import { Popup } from './popup';

export async function signedIn(ext: LaunchedExtension): Promise<Popup> {
  const popup = await Popup.open(ext);
  await popup.connect();
  return popup;
}

export async function uploadPuts(): Promise<EmulatorRequest[]> {
  return (await emulator.log()).filter((r) => r.endpoint === 'upload');
}

/** Bytes sent in PUT bodies beyond the video's size: what the interruptions cost. */
export async function bytesResent(videoSize: number): Promise<number> {
  const sent = (await uploadPuts()).reduce((sum, r) => sum + (r.contentLength ?? 0), 0);
  return sent - videoSize;
}

/** Asserts the emulator holds exactly one complete upload, with these bytes, and returns it. */
export async function completeUpload(sha256: string): Promise<EmulatorUpload> {
  const uploads = await emulator.uploads();
  const done = uploads.filter((u) => u.sha256 !== undefined);
  expect(
    done.map((u) => u.sha256),
    JSON.stringify(uploads, null, 1),
  ).toEqual([sha256]);
  return done[0];
}
