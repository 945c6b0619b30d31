// Reads a zip with Debian's `unzip` (installed with the system, and on CI): the archives are
// checked as the store will read them, not through the library that wrote them.
import { spawn } from 'node:child_process';

function unzip(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('unzip', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(Buffer.concat(out).toString('utf8'))
        : reject(new Error(`unzip ${args.join(' ')}: ${err}`)),
    );
  });
}

export async function listZip(zip: string): Promise<string[]> {
  return (await unzip(['-Z1', zip])).split('\n').filter((l) => l && !l.endsWith('/'));
}

export function readZipText(zip: string, file: string): Promise<string> {
  return unzip(['-p', zip, file]);
}
