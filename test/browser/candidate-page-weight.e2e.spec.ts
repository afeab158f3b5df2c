// The candidate page's JavaScript budget (issue 14: at most 35 KB gzipped): the real page of a real
// invite on `npm start`, every script it loads before it is usable counted gzipped
// (test/support/page-weight.ts). A size budget, not a timing. The page must also be whole without
// JavaScript: its forms are plain POSTs (checked here by their markup; the async-interview suite
// walks the flow in a browser).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { candidatePageReady, newCandidateLink } from '../support/candidate-link';
import { pageWeight } from '../support/page-weight';
import { startCandor, stopCandor, type RunningCandor } from './support';

const budgetBytes = 35 * 1024;

describe('the candidate page', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'candor-weight-'));
  let candor: RunningCandor | undefined;
  let link = '';
  beforeAll(async () => {
    candor = await startCandor(dataDir);
    link = await newCandidateLink(candor.url, candor.demo);
    await candidatePageReady(link);
  }, 200_000);
  afterAll(async () => {
    if (candor) await stopCandor(candor).catch(() => undefined);
    for (const dir of [dataDir, `${dataDir}-secrets`]) rmSync(dir, { recursive: true, force: true });
  });

  it(`loads at most ${budgetBytes / 1024} KB of JavaScript gzipped`, async () => {
    const weight = await pageWeight(link);
    expect(weight.status).toBe(200);
    // the count is real: the page's one script was found and fetched
    expect(weight.scripts.map((script) => new URL(script.url).pathname)).toContain('/candidate-page.js');
    expect(weight.totalGzipBytes).toBeGreaterThan(0);
    expect(weight.totalGzipBytes).toBeLessThanOrEqual(budgetBytes);
  });

  it('is a plain form without JavaScript: the start button posts the start action', async () => {
    const html = await (await fetch(link)).text();
    expect(html).toMatch(/<form[^>]*method="POST"[^>]*action="\?\/start"/);
    expect(html).toContain('Start interview');
  });
});
