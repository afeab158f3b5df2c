// A jest reporter that counts every skipped test of a run and, under CANDOR_REQUIRE_INFRA=1 (CI),
// fails the run when one is skipped that is not on the short list below. describeWithInfra and the
// browser suites already turn "server missing" into a failing test under that flag; this is the
// backstop for every other way a suite can go quiet — a `test.skip` behind a condition, a
// `describe.skip` a suite forgot to guard, a `test.todo` — so a suite that did not run can never
// pass for one that did.
//
// Allowed skips, each with its reason (docs/architecture.md, "Tests CI must not skip"):
//   - the PGlite runs of the event store's (group commit's too) and the outbox relay's concurrency and NOTIFY tests: PGlite runs one
//     transaction at a time, so there is nothing to race; the same tests run on Postgres;
//   - the dev overlay's kube-play suite outside `npm run test:containers` (it plays a dozen pods: it runs
//     there, where CANDOR_TEST_CONTAINERS=1), or there without images of this commit unless
//     CANDOR_REQUIRE_IMAGES=1;
//   - the kube-play suite without images of this commit, the mediasoup engine's contract without a
//     worker binary, and promtool's rule check without promtool: not servers but build products a
//     run may lack; their own flags (CANDOR_REQUIRE_IMAGES=1, CANDOR_REQUIRE_MEDIASOUP=1,
//     CANDOR_REQUIRE_PROMTOOL=1) make them failures, and then they are not allowed here either.
const allowedSkips = [
  {
    why: 'PGlite runs one transaction at a time (concurrency test runs on Postgres)',
    file: /services\/runtime\/src\/(event-store\/postgres-event-store|event-store\/group-commit|outbox\/relay(-notify)?)\.int\.spec\.ts$/,
    matches: (test) => test.ancestorTitles.some((title) => title.endsWith('(PGlite)')),
  },
  {
    why: 'kube play needs images of this commit (CANDOR_REQUIRE_IMAGES=1 requires them)',
    file: /test\/platform\/kube-play\.e2e\.spec\.ts$/,
    matches: () => process.env.CANDOR_REQUIRE_IMAGES !== '1',
  },
  {
    why: 'the dev overlay played whole runs in npm run test:containers, with images of this commit (CANDOR_REQUIRE_IMAGES=1 requires them)',
    file: /test\/platform\/kube-play-dev\.e2e\.spec\.ts$/,
    matches: () => process.env.CANDOR_TEST_CONTAINERS !== '1' || process.env.CANDOR_REQUIRE_IMAGES !== '1',
  },
  {
    why: 'no mediasoup worker binary (CANDOR_REQUIRE_MEDIASOUP=1 requires it)',
    file: /(test\/contracts\/sfu-engine\.int|services\/media\/src\/sfu\/engine-chromium\.e2e|test\/browser\/ice-tcp\.e2e)\.spec\.ts$/,
    matches: (test) =>
      [...test.ancestorTitles, test.title].some((title) => title.includes('mediasoup')) &&
      process.env.CANDOR_REQUIRE_MEDIASOUP !== '1',
  },
  {
    why: 'promtool is not built (CANDOR_REQUIRE_PROMTOOL=1 requires it)',
    file: /test\/platform\/observability\.int\.spec\.ts$/,
    matches: (test) => /promtool/.test(test.title) && process.env.CANDOR_REQUIRE_PROMTOOL !== '1',
  },
];

const skippedStatuses = new Set(['pending', 'skipped', 'todo', 'disabled']);

/** Every skipped test of a run, each with the reason it is allowed (or none). */
function classifySkips(testResults) {
  const skips = [];
  for (const file of testResults) {
    const path = file.testFilePath.split('\\').join('/');
    for (const test of file.testResults) {
      if (!skippedStatuses.has(test.status)) continue;
      const allowed = allowedSkips.find((rule) => rule.file.test(path) && rule.matches(test));
      skips.push({
        file: path,
        name: test.fullName || [...test.ancestorTitles, test.title].join(' '),
        allowed: allowed?.why,
      });
    }
  }
  return skips;
}

class SkipGuard {
  constructor(_globalConfig, _options) {
    this.error = undefined;
  }

  onRunComplete(_contexts, results) {
    const skips = classifySkips(results.testResults);
    const refused = skips.filter((skip) => !skip.allowed);
    const required = process.env.CANDOR_REQUIRE_INFRA === '1';
    process.stdout.write(
      `\nSkipped tests: ${skips.length} (${skips.length - refused.length} allowed, ${refused.length} not allowed)\n`,
    );
    if (refused.length === 0) return;
    const list = refused.map((skip) => `  - ${skip.name}  (${skip.file})`).join('\n');
    if (!required) {
      process.stdout.write(`Skipped without an allowed reason (CANDOR_REQUIRE_INFRA=1 fails on these):\n${list}\n`);
      return;
    }
    this.error = new Error(
      `CANDOR_REQUIRE_INFRA=1: ${refused.length} test(s) were skipped without an allowed reason:\n${list}`,
    );
    process.stderr.write(`\n${this.error.message}\n`);
  }

  getLastError() {
    return this.error;
  }
}

module.exports = SkipGuard;
module.exports.classifySkips = classifySkips;
