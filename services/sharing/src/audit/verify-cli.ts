// `npm run audit:verify <file>`: checks an exported share audit log (JSON lines). Exit 0 when every
// entry holds, 1 naming the first bad entry, 2 when the file cannot be read. With `--head <hash>`
// it also checks that the log ends at the head the service reported (a log cut short at its end).
import { readFileSync } from 'node:fs';
import { verifyAuditLog } from './chain';

const args = process.argv.slice(2);
const headAt = args.indexOf('--head');
// `npm run audit:verify <file> --head <hash>` without `--`: npm takes `--head` as its own option
// (an abbreviation of `--heading`) and passes it on only as npm_config_heading. Ignoring it would
// report OK for a check never made.
const expectedHead = headAt >= 0 ? args.splice(headAt, 2)[1] : process.env.npm_config_heading || undefined;
const [file] = args;
if (!file) {
  console.error('usage: npm run audit:verify -- <export.jsonl> [--head <hash>]');
  process.exit(2);
}
let text: string;
try {
  text = readFileSync(file, 'utf8');
} catch (error) {
  console.error(`cannot read ${file}: ${(error as Error).message}`);
  process.exit(2);
}
const result = verifyAuditLog(text);
if (!result.ok) {
  console.error(`FAILED: line ${result.line}${result.seq === null ? '' : ` (entry ${result.seq})`}: ${result.reason}`);
  process.exit(1);
}
if (expectedHead && expectedHead !== result.head) {
  console.error(
    `FAILED: the log ends at ${result.head}, not at the head ${expectedHead} (entries were cut off its end)`,
  );
  process.exit(1);
}
console.log(`OK: ${result.entries} entries, head ${result.head}`);
