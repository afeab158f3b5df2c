// The candidate link against cached write models, as the embedded mode runs it: the session's stream
// kept in memory (the stream cache, `soleWriter`) and its folded state kept per stream version
// (runtime foldedStates, written through by the candidate's own commands). A link opened many times
// — so everything about it is cached — must still be refused by the very next request after a
// revoke, after a re-issue (the old link), and once its expiry passes with no write at all; and a
// candidate's own write is what the next view shows. PGlite in memory, in-process bus.
import { apiPaths, linkProblemTypes } from '@candor/contracts';
import { call, startSessionHarness, type InvitedCandidate, type SessionHarness } from '../../test/session-harness';

let harness: SessionHarness;
let clock = Date.parse('2026-11-10T12:00:00.000Z');
const paths = apiPaths.session;
const problem = (type: string) => `https://candor.dev/problems/${type}`;

beforeAll(async () => {
  harness = await startSessionHarness({
    soleWriter: true,
    now: () => new Date(clock),
    linkRateLimits: { opens: { windowMs: 60_000, limit: 10_000 }, refusals: { windowMs: 60_000, limit: 10_000 } },
  });
});
afterAll(async () => {
  await harness?.stop();
});

const open = (invited: Pick<InvitedCandidate, 'sessionId' | 'linkId'>) =>
  call(harness.url, 'GET', paths.candidate, { token: harness.linkToken(invited) });

/** Opens the link often enough that the stream and its folded state are cached. */
async function warm(invited: InvitedCandidate): Promise<void> {
  for (let i = 0; i < 5; i++) expect((await open(invited)).status).toBe(200);
}

it('a revoked link never opens from a cached state, and a re-issued link replaces the old one at once', async () => {
  const invited = await harness.invite('org-a');
  await warm(invited);
  await harness.revoke(invited);
  const revoked = await open(invited);
  expect(revoked.status).toBe(410);
  expect(revoked.body.type).toBe(problem(linkProblemTypes.revoked));
  // nor can a command go through it
  const answer = await call(harness.url, 'PUT', paths.candidateAnswer(invited.questionIds[0]!), {
    token: harness.linkToken(invited),
    body: { text: 'Through a withdrawn link' },
  });
  expect(answer.status).toBe(410);

  const reissued = await harness.reissue(invited);
  await warm(reissued);
  expect((await open(invited)).status).toBe(410);
  const replaced = await harness.reissue(reissued);
  expect((await open(reissued)).status).toBe(410);
  expect((await open(replaced)).status).toBe(200);
});

it('a link whose expiry passes is refused by the next request, with no write in between', async () => {
  const invited = await harness.invite('org-a');
  await harness.setExpiry(invited, new Date(clock + 60 * 60_000).toISOString());
  await warm(invited);
  const before = await harness.sessionEventCount();
  clock += 60 * 60_000; // the expiry is reached: nothing is written, only the clock moved
  const expired = await open(invited);
  expect(expired.status).toBe(410);
  expect(expired.body.type).toBe(problem(linkProblemTypes.expired));
  expect(await harness.sessionEventCount()).toBe(before);
  await harness.setExpiry(invited, null);
  expect((await open(invited)).status).toBe(200);
});

it('every view after a write shows it: the candidate’s own writes and the invite’s changes alike', async () => {
  const invited = await harness.invite('org-a', { name: 'Ada Lovelace' });
  const token = harness.linkToken(invited);
  await warm(invited);
  const started = await call(harness.url, 'POST', paths.candidateStart, { token });
  expect(started.body.status).toBe('in_progress');
  expect((await open(invited)).body.status).toBe('in_progress');
  for (const [index, text] of ['First answer.', 'Second answer.'].entries()) {
    const saved = await call(harness.url, 'PUT', paths.candidateAnswer(invited.questionIds[index]!), { token, body: { text } });
    expect(saved.status).toBe(200);
    const view = await open(invited);
    expect(view.body.questions[index].answer).toBe(text);
    expect(view.body.nextQuestionIndex).toBe(index + 1);
  }
  // what the view shows is what the stream says, event for event
  const events = await harness.sessionEvents(invited.sessionId);
  expect(events.map((event) => event.type)).toEqual([
    'session.SessionCreated.v1',
    'session.SessionStarted.v1',
    'session.AnswerSaved.v1',
    'session.AnswerSaved.v1',
  ]);
  expect((await call(harness.url, 'POST', paths.candidateSubmit, { token })).body.status).toBe('completed');
  expect((await open(invited)).body.status).toBe('completed');
});
