import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: [
            'utils/**/*.test.ts',
            'entrypoints/**/*.test.ts',
            'components/**/*.test.ts',
            'tests/*.test.ts',
          ],
          setupFiles: ['fake-indexeddb/auto'],
        },
      },
      {
        test: {
          name: 'servers',
          include: ['emulator/**/*.test.ts', 'broker/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          pool: 'forks',
        },
      },
    ],
  },
});
