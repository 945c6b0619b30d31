// `npm run check:bundle`: builds the production extension and fails when the popup's JavaScript
// is over its budget (30 KB gzipped). It needs a build, so it is a script and not a unit test.
// BUNDLE_SKIP_BUILD=1 measures the existing .output/chrome-mv3 instead.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatBundles, measureBundles, POPUP_BUDGET_GZIP } from './bundles';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = path.join(root, '.output/chrome-mv3');

if (process.env.BUNDLE_SKIP_BUILD !== '1') {
  const build = spawnSync('npx', ['wxt', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) {
    console.error(`wxt build failed (exit ${build.status}); run \`npm run build\` to see why.`);
    process.exit(1);
  }
}

const report = await measureBundles(outDir);
console.log(formatBundles(report));
const popup = report.popup.gzipBytes;
if (popup > POPUP_BUDGET_GZIP) {
  console.error(
    `\nThe popup loads ${(popup / 1024).toFixed(1)} KB of gzipped JavaScript, over its ${POPUP_BUDGET_GZIP / 1024} KB budget.` +
      ` Files: ${report.popup.files.join(', ')}. Look for a page import that pulls zod (utils/messages.ts, utils/settings.ts)` +
      ' or another large module; import types only, or use zod/mini.',
  );
  process.exit(1);
}
console.log(`\npopup within its ${POPUP_BUDGET_GZIP / 1024} KB gzipped budget`);
