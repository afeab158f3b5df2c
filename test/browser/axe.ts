// axe-core's WCAG 2.2 AA rules run inside a real page, for the browser suites that check pages for
// accessibility. axe is evaluated over the DevTools protocol: the pages' CSP forbids injected
// script tags, rightly, and a test hook in production code would be worse.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const wcag22aa = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's WCAG 2.2 AA violations on the page as it is now, one readable line each. */
export async function violations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const found = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(wcag22aa)} } }).then((r) => r.violations)`,
  )) as Violation[];
  return found.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
        .map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`)
        .join(' | ')}`,
  );
}
