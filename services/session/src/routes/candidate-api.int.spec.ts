// The candidate's side of the session service over real HTTP: sessions created by the invites
// policy from invite events on the bus, the interview flow through the candidate's link token, link
// revocation, re-issue and expiry as the session follows them, tokens that must not reach a session,
// bad input (4xx problem+json, nothing written) and the rate limit. PGlite in memory, in-process
// bus, memory read models.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { apiPaths, inviteLinkPurpose, linkProblemTypes, sessionLimits, type CandidateSessionView } from '@candor/contracts';
import { createLinkTokens, generateLinkKeys, parseLinkKeys } from '@candor/runtime';
import { call, startSessionHarness, type InvitedCandidate, type SessionHarness } from '../../test/session-harness';

let harness: SessionHarness;
const paths = apiPaths.session;
const orgA = 'org-a';
let addresses = 0;

beforeAll(async () => {
  harness = await startSessionHarness({
    linkRateLimits: { opens: { windowMs: 60_000, limit: 25 }, refusals: { windowMs: 60_000, limit: 1000 } },
    preparingWaitMs: 600,
  });
});
afterAll(async () => {
  await harness?.stop();
});

/** A candidate with their own client address (the rate limit counts per address). */
function asCandidate(invited: Pick<InvitedCandidate, 'sessionId' | 'linkId'>) {
  const from = `10.0.${Math.floor(++addresses / 250)}.${addresses % 250}`;
  const token = harness.linkToken(invited);
  return (method: string, path: string, options: Parameters<typeof call>[3] = {}) =>
    call(harness.url, method, path, { token, from, ...options });
}

const invalidLink = 'This interview link is not valid.';
const problem = (type: string) => `https://candor.dev/problems/${type}`;

describe('the interview flow', () => {
  it('starts, saves answers, resumes where the candidate left, submits, and then refuses changes', async () => {
    const invited = await harness.invite(orgA, { name: 'Grace Hopper' });
    const [q1, q2] = invited.questionIds as [string, string];
    const candidate = asCandidate(invited);

    const opened = await candidate('GET', paths.candidate);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('cache-control')).toBe('no-store');
    expect(opened.headers.get('referrer-policy')).toBe('no-referrer');
    expect(opened.body).toEqual<CandidateSessionView>({
      sessionId: invited.sessionId,
      jobTitle: 'Backend engineer',
      jobDescription: 'Kafka and Postgres',
      candidateName: 'Grace Hopper',
      status: 'invited',
      questions: [
        { id: q1, text: 'Tell us about a hard bug.', answer: null },
        { id: q2, text: 'Why Candor?', answer: null },
      ],
      nextQuestionIndex: 0,
    });

    const started = await candidate('POST', paths.candidateStart);
    expect(started.status).toBe(200);
    expect(started.body.status).toBe('in_progress');
    expect((await candidate('POST', paths.candidateStart)).status).toBe(200);

    const saved = await candidate('PUT', paths.candidateAnswer(q1), {
      body: { text: '  A race in the outbox relay.  ' },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.questions[0].answer).toBe('A race in the outbox relay.');
    expect(saved.body.nextQuestionIndex).toBe(1);

    // the same answer again writes nothing
    const before = await harness.sessionEventCount();
    expect(
      (await candidate('PUT', paths.candidateAnswer(q1), { body: { text: 'A race in the outbox relay.' } })).status,
    ).toBe(200);
    expect(await harness.sessionEventCount()).toBe(before);

    // leaving and coming back with the same link resumes at the first unanswered question
    const resumed = await candidate('GET', paths.candidate);
    expect(resumed.body).toMatchObject({ status: 'in_progress', nextQuestionIndex: 1 });

    const early = await candidate('POST', paths.candidateSubmit);
    expect(early.status).toBe(409);
    expect(early.type).toContain('application/problem+json');
    expect(early.body.detail).toBe('Answer every question before you submit: 1 of 2 is not answered yet.');

    await candidate('PUT', paths.candidateAnswer(q2), { body: { text: 'Because it is open source.' } });
    const submitted = await candidate('POST', paths.candidateSubmit);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'completed', nextQuestionIndex: 2 });

    const after = await harness.sessionEventCount();
    for (const [method, path, body] of [
      ['PUT', paths.candidateAnswer(q1), { text: 'Changed my mind.' }],
      ['POST', paths.candidateStart, undefined],
      ['POST', paths.candidateSubmit, undefined],
    ] as const) {
      const refused = await candidate(method, path, { body });
      expect(refused.status).toBe(409);
      expect(refused.type).toContain('application/problem+json');
      expect(refused.body.detail).toBe('This interview has already been submitted.');
    }
    expect(await harness.sessionEventCount()).toBe(after);
    expect((await candidate('GET', paths.candidate)).body.status).toBe('completed');
  });

  it('starts the interview with the first answer when the page never called start', async () => {
    const invited = await harness.invite(orgA);
    const candidate = asCandidate(invited);
    const saved = await candidate('PUT', paths.candidateAnswer(invited.questionIds[1]!), {
      body: { text: 'Second first.' },
    });
    expect(saved.body).toMatchObject({ status: 'in_progress', nextQuestionIndex: 0 });
    const types = (await harness.sessionEvents(invited.sessionId)).map((event) => event.type);
    expect(types).toEqual(['session.SessionCreated.v1', 'session.SessionStarted.v1', 'session.AnswerSaved.v1']);
  });

  it('waits for a session the policy has not created yet, and calls the link not valid when it never comes', async () => {
    const ahead = { sessionId: randomUUID(), organisationId: orgA, linkId: randomUUID() };
    const opening = asCandidate(ahead)('GET', paths.candidate);
    await sleep(200);
    await harness.inviteOnly(orgA, ahead);
    const opened = await opening;
    expect(opened.status).toBe(200);
    expect(opened.body.sessionId).toBe(ahead.sessionId);

    // the same answer as any wrong token: a token says nothing about whether its invite exists
    const never = { sessionId: '7d3f1b0e-0000-4000-8000-000000000000', linkId: 'nope' };
    const waited = await asCandidate(never)('GET', paths.candidate);
    expect(waited.status).toBe(404);
    expect(waited.type).toContain('application/problem+json');
    expect(waited.body).toMatchObject({ type: problem(linkProblemTypes.invalid), detail: invalidLink });
  });
});

describe('links and tokens', () => {
  it('refuses a revoked link as withdrawn once the revoke reached the session, and the old link after a re-issue', async () => {
    const invited = await harness.invite(orgA);
    const oldLink = asCandidate(invited);
    expect((await oldLink('GET', paths.candidate)).status).toBe(200);

    await harness.revoke(invited);
    const revoked = await oldLink('GET', paths.candidate);
    expect(revoked.status).toBe(410);
    expect(revoked.body.type).toBe(problem(linkProblemTypes.revoked));
    const before = await harness.sessionEventCount();
    expect(
      (await oldLink('PUT', paths.candidateAnswer(invited.questionIds[0]!), { body: { text: 'Hi' } })).status,
    ).toBe(410);
    expect(await harness.sessionEventCount()).toBe(before);

    const reissued = await harness.reissue(invited);
    expect((await oldLink('GET', paths.candidate)).status).toBe(410);
    const newLink = await asCandidate(reissued)('GET', paths.candidate);
    expect(newLink.status).toBe(200);
    expect(newLink.body.sessionId).toBe(invited.sessionId);
  });

  it('refuses an expired link, and opens it again when the expiry is cleared', async () => {
    const invited = await harness.invite(orgA);
    const candidate = asCandidate(invited);
    await harness.setExpiry(invited, '2026-01-01T00:00:00.000Z');
    const expired = await candidate('GET', paths.candidate);
    expect(expired.status).toBe(410);
    expect(expired.body.type).toBe(problem(linkProblemTypes.expired));
    await harness.setExpiry(invited, null);
    expect((await candidate('GET', paths.candidate)).status).toBe(200);
  });

  it('refuses a token of another session, link, key or purpose, a forged one and none at all alike', async () => {
    const mine = await harness.invite(orgA);
    const theirs = await harness.invite(orgA);
    const foreignKeys = createLinkTokens(parseLinkKeys(generateLinkKeys()));
    const myToken = harness.linkToken(mine);
    const tampered = `${myToken.slice(0, -2)}${myToken.endsWith('AA') ? 'BA' : 'AA'}`;
    const tokens = [
      // my link id, their session: a token only opens the session it was made for, with that session's link
      harness.linkToken({ sessionId: theirs.sessionId, linkId: mine.linkId }),
      harness.linkToken({ sessionId: mine.sessionId, linkId: 'a-link-that-never-was' }),
      foreignKeys.tokenFor(inviteLinkPurpose, mine.sessionId, mine.linkId),
      harness.linkTokens.tokenFor('live-candidate', mine.sessionId, mine.linkId),
      tampered,
      'not.a.token',
      // a recruiter token is not a link
      await harness.recruiterToken(orgA),
      undefined,
    ];
    for (const token of tokens) {
      const refused = await call(harness.url, 'GET', paths.candidate, { token, from: '10.9.9.9' });
      expect(refused.status).toBe(404);
      expect(refused.type).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ type: problem(linkProblemTypes.invalid), detail: invalidLink });
    }
  });

  it('the invites policy writes nothing when all invite history is replayed (every embedded start)', async () => {
    const invited = await harness.invite(orgA);
    await harness.revoke(invited);
    await harness.reissue(invited);
    await harness.setExpiry(invited, '2027-01-01T00:00:00.000Z');
    await harness.setExpiry(invited, null);
    const before = await harness.sessionEventCount();
    for (const runner of harness.policyRunners) await runner.replay([harness.inviteStore]);
    expect(await harness.sessionEventCount()).toBe(before);
  });
});

describe('bad input', () => {
  it('answers 4xx problem+json and writes nothing', async () => {
    const invited = await harness.invite(orgA);
    const candidate = asCandidate(invited);
    const q1 = invited.questionIds[0]!;
    const before = await harness.sessionEventCount();
    const cases: [Parameters<typeof call>[3] & { path?: string; method?: string }, number][] = [
      [{ raw: '{"text": "unterminated' }, 400],
      [{ raw: 'text=hello', contentType: 'application/x-www-form-urlencoded' }, 400],
      [{ body: { text: 'x'.repeat(sessionLimits.answerText + 1) } }, 400],
      [{ body: { text: '   ' } }, 400],
      [{ body: {} }, 400],
      [{ body: { text: 'Hi', extra: true } }, 400],
      [{ body: { text: 42 } }, 400],
      [{ body: ['Hi'] }, 400],
      [{ raw: JSON.stringify({ text: 'x'.repeat(70_000) }) }, 413],
      [{ path: paths.candidateAnswer('an-unknown-question'), body: { text: 'Hi' } }, 404],
      [{ path: paths.candidateAnswer('q'.repeat(65)), body: { text: 'Hi' } }, 400],
    ];
    for (const [{ path, method, ...options }, status] of cases) {
      const answer = await candidate(method ?? 'PUT', path ?? paths.candidateAnswer(q1), options);
      expect({ status: answer.status, type: answer.type }).toEqual({
        status,
        type: expect.stringContaining('application/problem+json'),
      });
      expect(answer.body.detail).toEqual(expect.any(String));
    }
    expect(await harness.sessionEventCount()).toBe(before);
    // and the service still serves
    expect((await candidate('GET', paths.candidate)).status).toBe(200);
  });
});

describe('rate limit', () => {
  it('answers 429 problem+json to one client address past the limit, and serves the others', async () => {
    const invited = await harness.invite(orgA);
    const token = harness.linkToken(invited);
    const statuses: number[] = [];
    for (let i = 0; i < 26; i++)
      statuses.push((await call(harness.url, 'GET', paths.candidate, { token, from: '192.0.2.7' })).status);
    expect(statuses.slice(0, 25).every((status) => status === 200)).toBe(true);
    const limited = await call(harness.url, 'GET', paths.candidate, { token, from: '192.0.2.7' });
    expect(limited.status).toBe(429);
    expect(limited.type).toContain('application/problem+json');
    // bad tokens count too: guessing is limited the same way
    expect((await call(harness.url, 'GET', paths.candidate, { token: 'guess', from: '192.0.2.7' })).status).toBe(429);
    expect((await call(harness.url, 'GET', paths.candidate, { token, from: '192.0.2.8' })).status).toBe(200);
  });
});
