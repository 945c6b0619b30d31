// bench.ts's first import, so it runs before any module of the e2e harness loads: the harness reads
// E2E_EXTENSION_DIR once, when its env module loads, and would otherwise install the e2e build,
// which talks to the e2e world's emulator instead of the bench's. extension-run.ts checks it worked.
import { BENCH_EXTENSION_DIR } from './settings';

process.env.E2E_EXTENSION_DIR = BENCH_EXTENSION_DIR;
