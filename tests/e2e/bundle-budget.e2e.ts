// The popup's JavaScript budget (issue 9): measured on the build the e2e suite just made, so a
// page import that pulls zod or another large module into the popup fails `npm test`, not only
// `npm run check:bundle`.
import { describe, expect, it } from 'vitest';
import { formatBundles, measureBundles, POPUP_BUDGET_GZIP } from '../bench/bundles';
import { EXTENSION_DIR } from './harness/env';

describe('bundle budget', () => {
  it(`the popup loads at most ${POPUP_BUDGET_GZIP / 1024} KB of gzipped JavaScript`, async () => {
    const report = await measureBundles(EXTENSION_DIR);
    console.info(formatBundles(report));
    expect(report.popup.files.length).toBeGreaterThan(0);
    expect(report.popup.gzipBytes, report.popup.files.join(', ')).toBeLessThanOrEqual(POPUP_BUDGET_GZIP);
  });
});
