// `npm run bench:page-weight` (part of `npm run bench`): how much JavaScript the candidate's page
// loads before it is usable, gzipped, against the budget (35 KB), with a recruiter page beside it
// for reference (the log-in page: the SvelteKit client and Svelte runtime every client-rendered page
// loads). Runs `npm start` as a user does (so the frontend build is the real one), makes an invite,
// and measures with test/support/page-weight.ts. Written to bench-results-page-weight.json.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCandor, stopCandor } from '../browser/support';
import { candidatePageReady, newCandidateLink } from '../support/candidate-link';
import { REPO_ROOT } from '../support/infra';
import { pageWeight, type PageWeight } from '../support/page-weight';

const budgetBytes = 35 * 1024;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'candor-bench-weight-'));
  const candor = await startCandor(dataDir);
  try {
    const link = await newCandidateLink(candor.url, candor.demo);
    await candidatePageReady(link);
    const pages: PageWeight[] = [await pageWeight(link), await pageWeight(`${candor.url}/login`)];
    for (const page of pages) {
      console.log(`${page.page} (HTTP ${page.status}): ${kb(page.totalGzipBytes)} of JavaScript gzipped, ${page.scripts.length} scripts`);
      for (const script of page.scripts)
        console.log(`  ${new URL(script.url).pathname.padEnd(60)} ${kb(script.bytes).padStart(9)} ${kb(script.gzipBytes).padStart(9)} gz`);
      if (page.inline.bytes) console.log(`  ${'(inline scripts)'.padEnd(60)} ${kb(page.inline.bytes).padStart(9)} ${kb(page.inline.gzipBytes).padStart(9)} gz`);
      if (page.lazy.length) console.log(`  + ${page.lazy.length} modules loaded later, on demand (not counted)`);
    }
    const candidate = pages[0]!;
    console.log(
      `candidate page: ${kb(candidate.totalGzipBytes)} against a budget of ${kb(budgetBytes)}: ${candidate.totalGzipBytes <= budgetBytes ? 'met' : 'NOT met'}`,
    );
    const file = join(REPO_ROOT, 'bench-results-page-weight.json');
    writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), budgetBytes, pages }, null, 2)}\n`);
    console.log(`written to ${file}`);
  } finally {
    await stopCandor(candor);
    for (const dir of [dataDir, `${dataDir}-secrets`]) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
