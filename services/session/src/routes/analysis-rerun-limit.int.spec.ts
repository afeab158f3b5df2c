// Re-running an analysis is limited per recruiter and interview, and per recruiter, in the service's
// database (the shared rate-limit store): the next re-run is a 429 problem+json with Retry-After and
// runs nothing; cached answers, other interviews and other recruiters are not affected.
import { apiPaths } from '@candor/contracts';
import { call, startSessionHarness, type InvitedCandidate, type SessionHarness } from '../../test/session-harness';

let harness: SessionHarness;
const org = 'org-rerun-limits';
let alice: string;
let bob: string;

beforeAll(async () => {
  harness = await startSessionHarness({
    rateLimitsInDatabase: true,
    analysisRerunLimits: { perInterview: { windowMs: 60_000, limit: 2 }, perRecruiter: { windowMs: 60_000, limit: 3 } },
  });
  alice = await harness.recruiterToken(org, 'rec-alice');
  bob = await harness.recruiterToken(org, 'rec-bob');
});
afterAll(async () => {
  await harness?.stop();
});

async function completed(): Promise<InvitedCandidate> {
  const invited = await harness.invite(org);
  const token = harness.linkToken(invited);
  for (const questionId of invited.questionIds) {
    expect((await call(harness.url, 'PUT', apiPaths.session.candidateAnswer(questionId), { token, body: { text: 'We measured it and fixed it.' } })).status).toBe(200);
  }
  expect((await call(harness.url, 'POST', apiPaths.session.candidateSubmit, { token })).status).toBe(200);
  return invited;
}

const analyse = (token: string, sessionId: string, body?: unknown) =>
  call(harness.url, 'POST', apiPaths.session.analysis(sessionId), { token, body });

test('the third re-run of one interview is refused with 429 and Retry-After, and runs nothing', async () => {
  const first = await completed();
  expect((await analyse(alice, first.sessionId, {})).status).toBe(200); // the first run is not a re-run
  expect((await analyse(alice, first.sessionId, { rerun: true })).status).toBe(200);
  expect((await analyse(alice, first.sessionId, { rerun: true })).status).toBe(200);
  const runs = harness.analyser.state.runs;

  const refused = await analyse(alice, first.sessionId, { rerun: true });
  expect(refused.status).toBe(429);
  expect(refused.type).toContain('application/problem+json');
  expect(refused.body).toMatchObject({ status: 429, title: 'Too many re-runs' });
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(harness.analyser.state.runs).toBe(runs);

  // the cached analysis still answers; another recruiter may still re-run this interview
  expect((await analyse(alice, first.sessionId)).body).toMatchObject({ ok: true, cached: true });
  expect((await analyse(bob, first.sessionId, { rerun: true })).status).toBe(200);

  // a second interview: one more re-run for alice, then her own budget (3) is used up
  const second = await completed();
  expect((await analyse(alice, second.sessionId, { rerun: true })).status).toBe(200);
  expect((await analyse(alice, second.sessionId, { rerun: true })).status).toBe(429);
  expect((await analyse(bob, second.sessionId, { rerun: true })).status).toBe(200);

  // counted in the database, where every replica of the service sees it
  const { rows } = await harness.sql.query<{ key: string; hits: number }>(`SELECT key, hits FROM session.rate_limits ORDER BY key`);
  expect(rows.filter((row) => row.key.startsWith('analysis-rerun-recruiter:')).map((row) => Number(row.hits)).sort()).toEqual([2, 4]);
});
