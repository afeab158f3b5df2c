// The skip guard (skip-guard.cjs) as jest runs it: fed a run's results, it counts the skips, lets
// only the documented ones through, and under CANDOR_REQUIRE_INFRA=1 reports an error (which makes
// jest fail the run) for any other.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SkipGuard = require('./skip-guard.cjs') as new () => {
  onRunComplete(c: unknown, r: unknown): void;
  getLastError(): Error | undefined;
};

const test_ = (status: string, ancestorTitles: string[], title: string) => ({
  status,
  ancestorTitles,
  title,
  fullName: [...ancestorTitles, title].join(' '),
});
const run = (...files: { testFilePath: string; testResults: ReturnType<typeof test_>[] }[]) => ({ testResults: files });

const pgliteSkip = {
  testFilePath: '/repo/services/runtime/src/event-store/postgres-event-store.int.spec.ts',
  testResults: [
    test_('passed', ['event store (PGlite)'], 'appends'),
    test_(
      'pending',
      ['event store (PGlite)'],
      'readAll holds back events committed after a lower position that is still in flight',
    ),
  ],
};
const serverSkip = {
  testFilePath: '/repo/test/api/recording-api.int.spec.ts',
  testResults: [test_('pending', ['recording API [SKIPPED: needs s3]'], 'plays a recording')],
};

function guard(results: unknown, env: Record<string, string | undefined>) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete process.env[key];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const writeErr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const reporter = new SkipGuard();
    reporter.onRunComplete([], results);
    return { error: reporter.getLastError(), printed: write.mock.calls.map((call) => String(call[0])).join('') };
  } finally {
    write.mockRestore();
    writeErr.mockRestore();
    process.env = saved;
  }
}

describe('skip guard', () => {
  it('lets the documented PGlite skips through under CANDOR_REQUIRE_INFRA=1, and counts them', () => {
    const { error, printed } = guard(run(pgliteSkip), { CANDOR_REQUIRE_INFRA: '1' });
    expect(error).toBeUndefined();
    expect(printed).toContain('Skipped tests: 1 (1 allowed, 0 not allowed)');
  });

  it('fails the run under CANDOR_REQUIRE_INFRA=1 when a suite that needs a server was skipped', () => {
    const { error } = guard(run(pgliteSkip, serverSkip), { CANDOR_REQUIRE_INFRA: '1' });
    expect(error?.message).toMatch(/1 test\(s\) were skipped without an allowed reason/);
    expect(error?.message).toContain('recording API [SKIPPED: needs s3] plays a recording');
  });

  it('only lists them without the flag (a developer without servers)', () => {
    const { error, printed } = guard(run(serverSkip), { CANDOR_REQUIRE_INFRA: undefined });
    expect(error).toBeUndefined();
    expect(printed).toContain('Skipped tests: 1 (0 allowed, 1 not allowed)');
  });

  it('does not allow a PGlite-titled skip in any other file, nor a todo', () => {
    const elsewhere = { ...pgliteSkip, testFilePath: '/repo/test/api/other.int.spec.ts' };
    const todo = { testFilePath: '/repo/test/api/x.int.spec.ts', testResults: [test_('todo', ['x'], 'later')] };
    expect(guard(run(elsewhere, todo), { CANDOR_REQUIRE_INFRA: '1' }).error?.message).toMatch(/2 test\(s\)/);
  });

  it('allows the kube-play skip only while CANDOR_REQUIRE_IMAGES is not set', () => {
    const kube = {
      testFilePath: '/repo/test/platform/kube-play.e2e.spec.ts',
      testResults: [test_('pending', ['kube'], '[SKIPPED: images missing]')],
    };
    expect(guard(run(kube), { CANDOR_REQUIRE_INFRA: '1', CANDOR_REQUIRE_IMAGES: undefined }).error).toBeUndefined();
    expect(guard(run(kube), { CANDOR_REQUIRE_INFRA: '1', CANDOR_REQUIRE_IMAGES: '1' }).error).toBeDefined();
  });
});
