// Captured videos live in the origin-private file system (OPFS), `captures/<jobId>.<ext>`: the
// remuxer patches earlier bytes (box sizes) while it writes, which needs positioned writes, and
// the service worker and the offscreen document of the same extension share the one directory.
export const CAPTURE_DIR = 'captures';

export function captureFileName(jobId: string, container: 'mp4' | 'webm'): string {
  // Job ids are UUIDs; anything else is refused so a name can never leave the directory.
  if (!/^[A-Za-z0-9-]{1,100}$/.test(jobId)) throw new Error(`Not a job id: ${jobId}`);
  return `${jobId}.${container}`;
}

async function captureDir(storage: StorageManager): Promise<FileSystemDirectoryHandle> {
  const root = await storage.getDirectory();
  return root.getDirectoryHandle(CAPTURE_DIR, { create: true });
}

/** The finished file, or undefined when it is gone. */
export async function readCaptureFile(storage: StorageManager, name: string): Promise<File | undefined> {
  try {
    const dir = await captureDir(storage);
    return await (await dir.getFileHandle(name)).getFile();
  } catch {
    return undefined;
  }
}

export async function openCaptureFile(storage: StorageManager, name: string): Promise<FileSystemFileHandle> {
  const dir = await captureDir(storage);
  return dir.getFileHandle(name, { create: true });
}

/** Deletes a capture's file (done, cancelled, or a partial one from an interrupted run). */
export async function deleteCaptureFile(storage: StorageManager, name: string): Promise<void> {
  try {
    const dir = await captureDir(storage);
    await dir.removeEntry(name);
  } catch {
    // Already gone.
  }
}

/** Every capture file with its size and age, for the disk sweep. */
export async function listCaptureFiles(
  storage: StorageManager,
): Promise<{ name: string; size: number; lastModified: number }[]> {
  const dir = await captureDir(storage);
  const files: { name: string; size: number; lastModified: number }[] = [];
  // `values()` is in every browser with OPFS; the DOM typings in use lack it.
  const entries = (dir as unknown as { values(): AsyncIterable<FileSystemHandle> }).values();
  for await (const handle of entries) {
    if (handle.kind !== 'file') continue;
    const file = await (handle as FileSystemFileHandle).getFile();
    files.push({ name: handle.name, size: file.size, lastModified: file.lastModified });
  }
  return files;
}
