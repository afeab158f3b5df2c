// The recruiter's side of the session service over real HTTP: the Interviews list (filters, search,
// pages, newest first, read-your-writes), one interview, organisation scoping, and the analysis —
// cached in the write model, re-run on request, one run for two opens at once, and a failing
// analyser answered as {ok:false} with nothing written. A counting fake analyser stands in for the
// real ones (their own contract suite covers them).
import { randomUUID } from 'node:crypto';
import {
  apiPaths,
  consistencyToken,
  type AnalysisResponse,
  type ListSessionsResponse,
  type SessionDetailResponse,
} from '@candor/contracts';
import { call, startSessionHarness, type InvitedCandidate, type SessionHarness } from '../../test/session-harness';

let harness: SessionHarness;
const paths = apiPaths.session;
const orgA = 'org-recruiter-a';
const orgB = 'org-recruiter-b';
let tokenA: string;
let tokenB: string;

beforeAll(async () => {
  harness = await startSessionHarness({ analysisTimeoutMs: 1_000 });
  tokenA = await harness.recruiterToken(orgA);
  tokenB = await harness.recruiterToken(orgB);
});
afterAll(async () => {
  await harness?.stop();
});

const asRecruiter =
  (token: string) =>
  (method: string, path: string, options: Parameters<typeof call>[3] = {}) =>
    call(harness.url, method, path, { token, ...options });

/** Answers every question (and submits, unless told not to) as the candidate. */
async function answerAll(invited: InvitedCandidate, { submit = true } = {}) {
  const token = harness.linkToken(invited);
  for (const [index, questionId] of invited.questionIds.entries()) {
    const saved = await call(harness.url, 'PUT', paths.candidateAnswer(questionId), {
      token,
      body: { text: `Answer ${index + 1}: we traced the race to the outbox relay and fixed it.` },
    });
    expect(saved.status).toBe(200);
  }
  if (submit) expect((await call(harness.url, 'POST', paths.candidateSubmit, { token })).status).toBe(200);
}

/** The waitFor token of the session's last event, so reads see what the candidate just did. */
async function seen(invited: InvitedCandidate): Promise<string> {
  const last = (await harness.lastEvent(invited.sessionId))!;
  return consistencyToken(last.streamId, last.position);
}

describe('the interviews list', () => {
  const jobX = randomUUID();
  const jobY = randomUUID();
  let ada: InvitedCandidate;
  let alan: InvitedCandidate;
  let grace: InvitedCandidate;

  beforeAll(async () => {
    ada = await harness.invite(orgA, { name: 'Ada Lovelace', email: 'ada@analytical.test', jobId: jobX });
    alan = await harness.invite(orgA, { name: 'Alan Turing', email: 'alan@bletchley.test', jobId: jobY });
    grace = await harness.invite(orgA, { name: 'Grace Hopper', email: 'grace@navy.test', jobId: jobX });
    await harness.invite(orgB, { name: 'Ada Other', email: 'ada@other.test', jobId: jobX });
    await answerAll(ada);
    await answerAll(alan, { submit: false });
  });

  it("lists the organisation's sessions newest first, with status and progress", async () => {
    const list = await asRecruiter(tokenA)('GET', `${paths.sessions}?waitFor=${await seen(alan)}`);
    expect(list.status).toBe(200);
    const body = list.body as ListSessionsResponse;
    expect(body).toMatchObject({ total: 3, page: 1, pageSize: 20, caughtUp: true });
    expect(body.sessions.map((session) => session.candidateName)).toEqual([
      'Grace Hopper',
      'Alan Turing',
      'Ada Lovelace',
    ]);
    const [graceRow, alanRow, adaRow] = body.sessions;
    expect(graceRow).toMatchObject({
      status: 'invited',
      answeredCount: 0,
      questionCount: 2,
      startedAt: null,
      completedAt: null,
    });
    expect(alanRow).toMatchObject({ status: 'in_progress', answeredCount: 2, completedAt: null });
    expect(adaRow).toMatchObject({
      id: ada.sessionId,
      inviteId: ada.sessionId,
      jobId: jobX,
      status: 'completed',
      answeredCount: 2,
    });
    expect(adaRow!.updatedAt).toBe(adaRow!.completedAt);
    expect(Object.keys(adaRow!).sort()).toEqual(
      [
        'answeredCount',
        'candidateEmail',
        'candidateName',
        'completedAt',
        'id',
        'invitedAt',
        'inviteId',
        'jobId',
        'jobTitle',
        'questionCount',
        'startedAt',
        'status',
        'updatedAt',
      ].sort(),
    );
  });

  it('filters by status and job, searches name and email case-insensitively, and pages', async () => {
    const list = async (query: string) =>
      (await asRecruiter(tokenA)('GET', `${paths.sessions}?${query}`)).body as ListSessionsResponse;
    expect((await list('status=completed')).sessions.map((session) => session.id)).toEqual([ada.sessionId]);
    expect((await list('status=in_progress')).sessions.map((session) => session.id)).toEqual([alan.sessionId]);
    expect((await list(`jobId=${jobX}`)).sessions.map((session) => session.id)).toEqual([
      grace.sessionId,
      ada.sessionId,
    ]);
    expect((await list('q=LOVELACE')).sessions.map((session) => session.id)).toEqual([ada.sessionId]);
    expect((await list('q=bletchley')).sessions.map((session) => session.id)).toEqual([alan.sessionId]);
    expect((await list('q=.test')).total).toBe(3);
    expect((await list('q=ada%20other')).total).toBe(0);
    expect((await list(`q=a&jobId=${jobX}&status=invited`)).sessions.map((session) => session.id)).toEqual([
      grace.sessionId,
    ]);

    const first = await list('pageSize=2');
    const second = await list('pageSize=2&page=2');
    expect(first).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(first.sessions.map((session) => session.id)).toEqual([grace.sessionId, alan.sessionId]);
    expect(second.sessions.map((session) => session.id)).toEqual([ada.sessionId]);
    expect((await list('pageSize=2&page=3')).sessions).toEqual([]);
  });

  it('shows another organisation only its own sessions', async () => {
    const list = (await asRecruiter(tokenB)('GET', paths.sessions)).body as ListSessionsResponse;
    expect(list.sessions.map((session) => session.candidateName)).toEqual(['Ada Other']);
  });

  it('refuses a bad query with 400 problem+json, and no session with 401', async () => {
    for (const query of [
      'status=done',
      'jobId=nope',
      'pageSize=101',
      'page=0',
      'sort=name',
      `q=${'x'.repeat(201)}`,
      'waitFor=nope',
    ]) {
      const refused = await asRecruiter(tokenA)('GET', `${paths.sessions}?${query}`);
      expect({ query, status: refused.status }).toEqual({ query, status: 400 });
      expect(refused.type).toContain('application/problem+json');
    }
    expect((await call(harness.url, 'GET', paths.sessions)).status).toBe(401);
    // a candidate's link token is not a recruiter session
    expect((await call(harness.url, 'GET', paths.sessions, { token: harness.linkToken(ada) })).status).toBe(401);
  });
});

describe('one interview', () => {
  it('shows the questions with answers and times; another organisation gets 404', async () => {
    const invited = await harness.invite(orgA, { name: 'Katherine Johnson' });
    await answerAll(invited);
    const read = await asRecruiter(tokenA)('GET', `${paths.session(invited.sessionId)}?waitFor=${await seen(invited)}`);
    expect(read.status).toBe(200);
    const { session, caughtUp } = read.body as SessionDetailResponse;
    expect(caughtUp).toBe(true);
    expect(session).toMatchObject({
      id: invited.sessionId,
      status: 'completed',
      jobDescription: 'Kafka and Postgres',
      analysis: null,
    });
    expect(session.questions).toHaveLength(2);
    expect(session.questions[0]).toMatchObject({
      id: invited.questionIds[0],
      answer: expect.stringContaining('Answer 1'),
      answeredAt: expect.any(String),
    });
    expect(session).not.toHaveProperty('organisationId');

    const foreign = await asRecruiter(tokenB)('GET', paths.session(invited.sessionId));
    expect(foreign.status).toBe(404);
    expect(foreign.type).toContain('application/problem+json');
    expect((await asRecruiter(tokenA)('GET', paths.session(randomUUID()))).status).toBe(404);
    expect((await asRecruiter(tokenA)('GET', paths.session('not-a-uuid'))).status).toBe(400);
  });
});

describe('analysis', () => {
  const analyse = (sessionId: string, options: Parameters<typeof call>[3] = {}, token = tokenA) =>
    asRecruiter(token)('POST', paths.analysis(sessionId), options);

  beforeEach(() => {
    Object.assign(harness.analyser.state, { fail: false, delayMs: 0 });
  });

  it('runs once, answers from the cache after, re-runs on request, and the interview page shows it', async () => {
    const invited = await harness.invite(orgA);
    await answerAll(invited);
    const runs = harness.analyser.state.runs;

    const first = await analyse(invited.sessionId, { body: {} });
    expect(first.status).toBe(200);
    const firstBody = first.body as AnalysisResponse;
    expect(firstBody).toMatchObject({ ok: true, cached: false, analysis: { summary: `Run ${runs + 1}.` } });
    expect(harness.analyser.state.runs).toBe(runs + 1);

    // a bare POST (no body) is the same as {}
    const second = await analyse(invited.sessionId);
    expect(second.body).toEqual({ ...firstBody, cached: true });
    expect(harness.analyser.state.runs).toBe(runs + 1);

    const rerun = await analyse(invited.sessionId, { body: { rerun: true } });
    expect(rerun.body).toMatchObject({ ok: true, cached: false, analysis: { summary: `Run ${runs + 2}.` } });
    expect(harness.analyser.state.runs).toBe(runs + 2);
    expect((await analyse(invited.sessionId, { body: { rerun: false } })).body).toMatchObject({
      cached: true,
      analysis: { summary: `Run ${runs + 2}.` },
    });

    const types = (await harness.sessionEvents(invited.sessionId)).map((event) => event.type);
    expect(types.filter((type) => type === 'session.AnalysisProduced.v1')).toHaveLength(2);
    const detail = await asRecruiter(tokenA)(
      'GET',
      `${paths.session(invited.sessionId)}?waitFor=${await seen(invited)}`,
    );
    expect(detail.body.session.analysis).toMatchObject({
      summary: `Run ${runs + 2}.`,
      analyser: { name: 'Counting test analyser' },
    });
  });

  it('runs the analyser once for two first opens at the same moment', async () => {
    const invited = await harness.invite(orgA);
    await answerAll(invited);
    harness.analyser.state.delayMs = 150;
    const runs = harness.analyser.state.runs;
    const [a, b] = await Promise.all([
      analyse(invited.sessionId, { body: {} }),
      analyse(invited.sessionId, { body: {} }),
    ]);
    expect(a.body).toMatchObject({ ok: true });
    expect(b.body).toEqual(a.body);
    expect(harness.analyser.state.runs).toBe(runs + 1);
    expect(
      (await harness.sessionEvents(invited.sessionId)).filter((event) => event.type === 'session.AnalysisProduced.v1'),
    ).toHaveLength(1);
  });

  it('answers {ok:false} with a message when the analyser fails or takes too long, and writes nothing', async () => {
    const invited = await harness.invite(orgA);
    await answerAll(invited);
    const before = await harness.sessionEventCount();

    harness.analyser.state.fail = true;
    const failed = await analyse(invited.sessionId, { body: {} });
    expect(failed.status).toBe(200);
    expect(failed.body).toEqual({ ok: false, message: expect.stringContaining('try again') });
    expect(failed.body.message).not.toContain('model is down');

    harness.analyser.state.fail = false;
    harness.analyser.state.delayMs = 1_500;
    const slow = await analyse(invited.sessionId, { body: {} });
    expect(slow.body).toEqual({ ok: false, message: expect.stringContaining('took too long') });
    expect(await harness.sessionEventCount()).toBe(before);

    harness.analyser.state.delayMs = 0;
    expect((await analyse(invited.sessionId, { body: {} })).body).toMatchObject({ ok: true, cached: false });
  });

  it("refuses an interview that is not submitted (409), another organisation's (404) and bad input (400), writing nothing", async () => {
    const unfinished = await harness.invite(orgA);
    await answerAll(unfinished, { submit: false });
    const done = await harness.invite(orgA);
    await answerAll(done);
    const before = await harness.sessionEventCount();
    const runs = harness.analyser.state.runs;

    const early = await analyse(unfinished.sessionId, { body: {} });
    expect(early.status).toBe(409);
    expect(early.type).toContain('application/problem+json');
    expect((await analyse(done.sessionId, { body: {} }, tokenB)).status).toBe(404);
    expect((await analyse(randomUUID(), { body: {} })).status).toBe(404);
    for (const options of [
      { body: { rerun: 'yes' } },
      { body: { rerun: true, extra: 1 } },
      { raw: '{"rerun": tru' },
      { raw: 'rerun=true', contentType: 'application/x-www-form-urlencoded' },
    ]) {
      const refused = await analyse(done.sessionId, options);
      expect(refused.status).toBe(400);
      expect(refused.type).toContain('application/problem+json');
    }
    expect((await analyse('not-a-uuid', { body: {} })).status).toBe(400);
    expect((await call(harness.url, 'POST', paths.analysis(done.sessionId), { body: {} })).status).toBe(401);

    expect(harness.analyser.state.runs).toBe(runs);
    expect(await harness.sessionEventCount()).toBe(before);
  });
});
