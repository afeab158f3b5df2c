// Live interview scheduling over real HTTP against the embedded composition: templates, scheduling
// in a time zone (the UTC instant it means), the two links and what each opens (its own role only),
// revoke / re-issue / reschedule / cancel and the answers of the link afterwards, bad input (4xx
// problem+json with nothing written), another organisation (404 everywhere), no working link token
// in the invite event store, and the link-open rate limit shared with invite links.
// Embedded adapters: PGlite in a temporary folder, in-process bus, memory read models, local mailbox.
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  apiPaths,
  linkProblemTypes,
  liveLinkPrefixes,
  liveProblemTypes,
  type CommandResult,
  type CreateLiveTemplateRequest,
  type LiveInterviewView,
  type LiveLinksResponse,
  type LiveRole,
  type LiveTemplateView,
  openLiveInterviewProblemType,
  type OpenLiveLinkResponse,
  type ScheduleLiveInterviewResponse,
  type SignUpResponse,
} from '@candor/contracts';
import type { EmbeddedCandor } from '@candor/embedded';
import { createLiveTokens, tokenIssuers, verifyingKeys, type LiveTokens } from '@candor/runtime';
import { startTestCandor } from '../support/embedded';
import { request, type ApiAnswer } from '../support/http';

const year = new Date().getUTCFullYear() + 1;
/** 2 a.m. on the second Sunday of March next year: the hour New York's clocks skip. */
const newYorkGap = (() => {
  const firstWeekday = new Date(Date.UTC(year, 2, 1)).getUTCDay();
  const day = 1 + ((7 - firstWeekday) % 7) + 7;
  return `${year}-03-${String(day).padStart(2, '0')}T02:30`;
})();

type Call = ApiAnswer;

/** HTTP helpers bound to one running Candor. */
function client(candor: () => EmbeddedCandor) {
  const call = (method: string, path: string, options?: Parameters<typeof request>[3]) =>
    request(candor().url, method, path, options);

  async function signUp(email: string, organisationName: string) {
    const response = await call('POST', apiPaths.identity.signUp, {
      body: { organisationName, name: 'Ada Lovelace', email, password: 'a long enough password' },
    });
    expect(response.status).toBe(201);
    return response.body as SignUpResponse;
  }

  async function createTemplate(token: string, template: Partial<CreateLiveTemplateRequest> = {}) {
    const created = await call('POST', apiPaths.invite.liveTemplates, {
      token,
      body: { name: 'Technical interview', durationMinutes: 45, ...template },
    });
    expect(created.status).toBe(201);
    return created.body as CommandResult;
  }

  async function schedule(token: string, templateId: string, extra: Record<string, unknown> = {}) {
    const response = await call('POST', apiPaths.invite.liveInterviews, {
      token,
      body: {
        templateId,
        candidateName: 'Grace Hopper',
        candidateEmail: 'grace@navy.test',
        startsAt: `${year}-01-15T10:00`,
        timeZone: 'America/New_York',
        ...extra,
      },
    });
    expect(response.status).toBe(201);
    return response.body as ScheduleLiveInterviewResponse;
  }

  const tokenOf = (path: string, role: LiveRole) => {
    expect(path.startsWith(liveLinkPrefixes[role])).toBe(true);
    return path.slice(liveLinkPrefixes[role].length);
  };
  const openLive = (token: string, role: LiveRole) =>
    call('POST', apiPaths.invite.openLiveLink, { body: { token, role } });

  /** Events per store; every store, so a late policy write is not taken for ours. */
  async function eventCounts() {
    const stores = Object.entries(candor().stores) as [string, EmbeddedCandor['stores']['invite']][];
    const counts = await Promise.all(
      stores.map(async ([name, store]) => [name, (await store.readAll({ after: 0, limit: 10_000 })).length] as const),
    );
    return Object.fromEntries(counts);
  }

  /** The counts once the policies reacting to earlier writes (emails) have stopped writing: three
   *  equal reads in a row, so the quiet spans more than one SMTP delivery on a loaded machine
   *  (EmailRequested → EmailSent). */
  async function settledCounts() {
    let previous = await eventCounts();
    let quiet = 0;
    while (quiet < 3) {
      await sleep(250);
      const current = await eventCounts();
      quiet = JSON.stringify(current) === JSON.stringify(previous) ? quiet + 1 : 0;
      previous = current;
    }
    return previous;
  }

  /** Sends a request that must be refused, and checks it was refused as problem+json with nothing written. */
  async function refused(send: () => Promise<Call>, status: number) {
    const before = await settledCounts();
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.type).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts:\d+/); // no stack traces
    expect(await settledCounts()).toEqual(before);
    return response;
  }

  return { call, signUp, createTemplate, schedule, tokenOf, openLive, refused, settledCounts };
}

/** A problem without what differs per request, to compare two answers. */
const problemShape = ({ requestId: _requestId, instance: _instance, ...rest }: Record<string, unknown>) => rest;
const problemType = (slug: string) => new RegExp(`/${slug}$`);

describe('live interview scheduling API', () => {
  let candor: EmbeddedCandor;
  const { call, signUp, createTemplate, schedule, tokenOf, openLive, refused, settledCounts } = client(() => candor);
  /** the media service's view of live tokens: the invite service's public keys, from its JWKS document */
  let liveTokens: LiveTokens;

  let org1: SignUpResponse;
  let org2: SignUpResponse;
  let templateId: string;
  let scheduled: ScheduleLiveInterviewResponse;
  /** every link token handed out, to look for in the event store */
  const handedOut: string[] = [];
  /** the interview the concurrent same-key POSTs made */
  let doubleClick: ScheduleLiveInterviewResponse;

  beforeAll(async () => {
    candor = await startTestCandor();
    liveTokens = createLiveTokens({
      verifying: verifyingKeys(tokenIssuers.invite, { url: candor.url + apiPaths.invite.jwks }),
    });
    org1 = await signUp('ada@one.test', 'One');
    org2 = await signUp('eve@two.test', 'Two');
  });
  afterAll(async () => {
    await candor?.stop();
  });

  describe('templates', () => {
    it('creates, reads back, edits and lists a template', async () => {
      const created = await createTemplate(org1.token, {
        instructions: 'Have a pen ready.',
        recordable: true,
        defaultInterviewers: [{ name: 'Bob Kahn', email: 'bob@one.test' }],
      });
      templateId = created.id;
      const read = await call('GET', `${apiPaths.invite.liveTemplate(templateId)}?waitFor=${created.waitFor}`, {
        token: org1.token,
      });
      expect(read.status).toBe(200);
      expect(read.body.caughtUp).toBe(true);
      expect(read.body.template).toMatchObject<Partial<LiveTemplateView>>({
        id: templateId,
        organisationId: org1.recruiter.organisationId,
        name: 'Technical interview',
        durationMinutes: 45,
        instructions: 'Have a pen ready.',
        recordable: true,
        defaultInterviewers: [{ name: 'Bob Kahn', email: 'bob@one.test' }],
      });

      const edited = await call('PUT', apiPaths.invite.liveTemplate(templateId), {
        token: org1.token,
        body: {
          name: 'Technical interview',
          durationMinutes: 60,
          instructions: 'Have a pen ready.',
          recordable: true,
          defaultInterviewers: [{ name: 'Bob Kahn', email: 'bob@one.test' }],
        },
      });
      expect(edited.status).toBe(200);
      const list = await call(
        'GET',
        `${apiPaths.invite.liveTemplates}?waitFor=${encodeURIComponent((edited.body as CommandResult).waitFor)}`,
        { token: org1.token },
      );
      expect(list.status).toBe(200);
      expect(list.body.caughtUp).toBe(true);
      expect((list.body.templates as LiveTemplateView[]).map((t) => [t.id, t.durationMinutes])).toEqual([
        [templateId, 60],
      ]);
      // another organisation's list does not show it
      const foreign = await call('GET', apiPaths.invite.liveTemplates, { token: org2.token });
      expect(foreign.body.templates).toEqual([]);
    });
  });

  describe('a scheduled interview and its two links', () => {
    let candidateToken: string;
    let hostToken: string;

    it('schedules in New York time and keeps the UTC instant, interviewers unique by email', async () => {
      scheduled = await schedule(org1.token, templateId, {
        guestInterviewers: [
          { name: 'Robert Kahn', email: 'BOB@one.test' },
          { name: 'Carol Shaw', email: 'carol@guest.test' },
        ],
      });
      expect(scheduled.links.candidate!.path).toMatch(/^\/join\/[a-z0-9]+\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
      expect(scheduled.links.host!.path).toMatch(/^\/host\/[a-z0-9]+\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
      candidateToken = tokenOf(scheduled.links.candidate!.path, 'candidate');
      hostToken = tokenOf(scheduled.links.host!.path, 'host');
      expect(candidateToken).not.toBe(hostToken);
      handedOut.push(candidateToken, hostToken);

      const read = await call('GET', `${apiPaths.invite.liveInterview(scheduled.id)}?waitFor=${scheduled.waitFor}`, {
        token: org1.token,
      });
      expect(read.status).toBe(200);
      expect(read.body.caughtUp).toBe(true);
      expect(read.body.interview).toEqual<LiveInterviewView>({
        id: scheduled.id,
        organisationId: org1.recruiter.organisationId,
        templateId,
        templateName: 'Technical interview',
        candidateName: 'Grace Hopper',
        candidateEmail: 'grace@navy.test',
        interviewers: [
          { name: 'Bob Kahn', email: 'bob@one.test' },
          { name: 'Carol Shaw', email: 'carol@guest.test' },
        ],
        scheduledBy: { recruiterId: org1.recruiter.id, name: 'Ada Lovelace', email: 'ada@one.test' },
        // 10:00 in New York in January is EST (UTC-5)
        startsAt: `${year}-01-15T15:00:00.000Z`,
        timeZone: 'America/New_York',
        durationMinutes: 60,
        recordable: true,
        status: 'scheduled',
        candidateLinkState: 'active',
        hostLinkState: 'active',
        candidateDeclined: null,
        scheduledAt: expect.any(String),
        updatedAt: expect.any(String),
      });
    });

    it('lists the interviews of a template, and not those of another', async () => {
      const other = await createTemplate(org1.token, { name: 'Culture chat' });
      const elsewhere = await schedule(org1.token, other.id, { candidateEmail: 'linus@elsewhere.test' });
      const mine = await call(
        'GET',
        `${apiPaths.invite.liveInterviews}?templateId=${templateId}&waitFor=${encodeURIComponent(elsewhere.waitFor)}`,
        { token: org1.token },
      );
      expect(mine.status).toBe(200);
      expect(mine.body.caughtUp).toBe(true);
      expect((mine.body.interviews as LiveInterviewView[]).map((interview) => interview.id)).toEqual([scheduled.id]);
      const all = await call('GET', apiPaths.invite.liveInterviews, { token: org1.token });
      expect((all.body.interviews as LiveInterviewView[]).map((interview) => interview.id).sort()).toEqual(
        [scheduled.id, elsewhere.id].sort(),
      );
      handedOut.push(
        tokenOf(elsewhere.links.candidate!.path, 'candidate'),
        tokenOf(elsewhere.links.host!.path, 'host'),
      );
    });

    it('schedules once for concurrent POSTs with the same Idempotency-Key, each answering the same links', async () => {
      const key = randomBytes(16).toString('base64url');
      const body = {
        templateId,
        candidateName: 'Double Click',
        candidateEmail: 'double@click.test',
        startsAt: `${year}-02-01T09:00`,
        timeZone: 'Europe/Kyiv',
      };
      const answers = await Promise.all(
        [1, 2, 3].map(() =>
          call('POST', apiPaths.invite.liveInterviews, {
            token: org1.token,
            body,
            headers: { 'Idempotency-Key': key },
          }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
      const [first, ...others] = answers.map((answer) => answer.body as ScheduleLiveInterviewResponse);
      for (const other of others) expect(other).toEqual(first);
      const scheduledEvents = (await candor.stores.invite.readAll({ after: 0, limit: 10_000 })).filter(
        (event) =>
          event.type.includes('LiveInterviewScheduled') && JSON.stringify(event.data).includes('double@click.test'),
      );
      expect(scheduledEvents).toHaveLength(1);
      handedOut.push(tokenOf(first!.links.candidate!.path, 'candidate'), tokenOf(first!.links.host!.path, 'host'));
      doubleClick = first!;
    });

    it('with refuseIfOpen, refuses a second interview for a candidate with an open one on the template (409, nothing written)', async () => {
      // the read model the check reads has the first interview
      const listed = await call(
        'GET',
        `${apiPaths.invite.liveInterviews}?templateId=${templateId}&waitFor=${encodeURIComponent(doubleClick.waitFor)}`,
        { token: org1.token },
      );
      expect(listed.body.caughtUp).toBe(true);
      const second = {
        templateId,
        candidateName: 'Double Click',
        // the same address, written differently
        candidateEmail: ' Double@Click.test',
        startsAt: `${year}-02-08T09:00`,
        timeZone: 'Europe/Kyiv',
      };
      const answer = await refused(
        () => call('POST', apiPaths.invite.liveInterviews, { token: org1.token, body: { ...second, refuseIfOpen: true } }),
        409,
      );
      expect(answer.body.type).toMatch(problemType(openLiveInterviewProblemType));
      // another candidate is not held up by it
      const other = await schedule(org1.token, templateId, {
        ...second,
        candidateName: 'Other Person',
        candidateEmail: 'other@click.test',
        refuseIfOpen: true,
      });
      // the same candidate, on purpose (the dashboard's "Schedule again" leaves refuseIfOpen out)
      const again = await schedule(org1.token, templateId, second);
      expect(again.id).not.toBe(doubleClick.id);
      expect(again.links.candidate!.path).not.toBe(doubleClick.links.candidate!.path);
      for (const made of [other, again])
        handedOut.push(tokenOf(made.links.candidate!.path, 'candidate'), tokenOf(made.links.host!.path, 'host'));
    });

    it('gives the same two links again from GET links', async () => {
      const links = await call('GET', apiPaths.invite.liveLinks(scheduled.id), { token: org1.token });
      expect(links.status).toBe(200);
      expect(links.headers.get('cache-control')).toBe('no-store');
      expect(links.body).toEqual(scheduled.links);
    });

    it('opens each link as its own role, with a live token and a summary without email addresses', async () => {
      for (const [role, token] of [
        ['candidate', candidateToken],
        ['host', hostToken],
      ] as const) {
        const opened = await openLive(token, role);
        expect(opened.status).toBe(200);
        expect(opened.headers.get('cache-control')).toBe('no-store');
        const answer = opened.body as OpenLiveLinkResponse;
        expect(answer.role).toBe(role);
        expect(answer.interview).toEqual({
          liveInterviewId: scheduled.id,
          organisationName: 'One',
          templateName: 'Technical interview',
          instructions: 'Have a pen ready.',
          durationMinutes: 60,
          recordable: true,
          startsAt: `${year}-01-15T15:00:00.000Z`,
          timeZone: 'America/New_York',
          candidateName: 'Grace Hopper',
          interviewerNames: ['Ada Lovelace', 'Bob Kahn', 'Carol Shaw'],
        });
        expect(JSON.stringify(answer.interview)).not.toContain('@');
        const claims = await liveTokens.verify(answer.liveToken);
        expect(claims).toMatchObject({ sub: scheduled.id, org: org1.recruiter.organisationId, role });
        expect(Date.parse(answer.expiresAt) - Date.now()).toBeLessThanOrEqual(120_000);
      }
    });

    it('answers a token of the other role, a tampered, a malformed and a random token with the same 404', async () => {
      const at = candidateToken.length - 10;
      const tampered = `${candidateToken.slice(0, at)}${candidateToken[at] === 'A' ? 'B' : 'A'}${candidateToken.slice(at + 1)}`;
      const answers = [];
      for (const [token, role] of [
        [candidateToken, 'host'],
        [hostToken, 'candidate'],
        [tampered, 'candidate'],
        ['not-a-token', 'candidate'],
        [`k1.${randomBytes(16).toString('base64url')}.${randomBytes(32).toString('base64url')}`, 'host'],
      ] as const) {
        const response = await refused(() => openLive(token, role), 404);
        expect(response.body.type).toMatch(problemType(linkProblemTypes.invalid));
        answers.push(problemShape(response.body));
      }
      for (const answer of answers) expect(answer).toEqual(answers[0]);
    });

    it('revokes the candidate link: it answers 410 link-revoked, the host link still opens', async () => {
      const revoked = await call('POST', apiPaths.invite.revokeLiveLink(scheduled.id), {
        token: org1.token,
        body: { role: 'candidate' },
      });
      expect(revoked.status).toBe(200);
      const opened = await openLive(candidateToken, 'candidate');
      expect(opened.status).toBe(410);
      expect(opened.type).toContain('application/problem+json');
      expect(opened.body.type).toMatch(problemType(linkProblemTypes.revoked));
      expect((await openLive(hostToken, 'host')).status).toBe(200);

      const links = await call('GET', apiPaths.invite.liveLinks(scheduled.id), { token: org1.token });
      expect(links.body).toEqual<LiveLinksResponse>({ candidate: null, host: scheduled.links.host });
      const view = await call('GET', `${apiPaths.invite.liveInterview(scheduled.id)}?waitFor=${revoked.body.waitFor}`, {
        token: org1.token,
      });
      expect(view.body.interview).toMatchObject({ candidateLinkState: 'revoked', hostLinkState: 'active' });
      // a second revoke changes nothing
      const again = await call('POST', apiPaths.invite.revokeLiveLink(scheduled.id), {
        token: org1.token,
        body: { role: 'candidate' },
      });
      expect(again.status).toBe(200);
      expect(again.body.position).toBe(revoked.body.position);
    });

    it('re-issues the candidate link: the new one opens, the old one stays withdrawn', async () => {
      const reissued = await call('POST', apiPaths.invite.reissueLiveLink(scheduled.id), {
        token: org1.token,
        body: { role: 'candidate' },
      });
      expect(reissued.status).toBe(200);
      const { links } = reissued.body as ScheduleLiveInterviewResponse;
      expect(links.host).toEqual(scheduled.links.host);
      const fresh = tokenOf(links.candidate!.path, 'candidate');
      expect(fresh).not.toBe(candidateToken);
      handedOut.push(fresh);
      expect((await openLive(fresh, 'candidate')).status).toBe(200);
      const old = await openLive(candidateToken, 'candidate');
      expect(old.status).toBe(410);
      expect(old.body.type).toMatch(problemType(linkProblemTypes.revoked));
      expect((await call('GET', apiPaths.invite.liveLinks(scheduled.id), { token: org1.token })).body).toEqual(links);

      // replacing a working host link withdraws the old one too
      const host = await call('POST', apiPaths.invite.reissueLiveLink(scheduled.id), {
        token: org1.token,
        body: { role: 'host' },
      });
      const newHost = tokenOf((host.body as ScheduleLiveInterviewResponse).links.host!.path, 'host');
      handedOut.push(newHost);
      expect((await openLive(hostToken, 'host')).body.type).toMatch(problemType(linkProblemTypes.revoked));
      expect((await openLive(newHost, 'host')).status).toBe(200);
      candidateToken = fresh;
      hostToken = newHost;
    });

    it('reschedules to a Berlin summer time; the links keep working', async () => {
      const moved = await call('POST', apiPaths.invite.rescheduleLive(scheduled.id), {
        token: org1.token,
        body: { startsAt: `${year}-07-15T10:00`, timeZone: 'Europe/Berlin' },
      });
      expect(moved.status).toBe(200);
      const view = await call('GET', `${apiPaths.invite.liveInterview(scheduled.id)}?waitFor=${moved.body.waitFor}`, {
        token: org1.token,
      });
      expect(view.body.interview).toMatchObject({
        startsAt: `${year}-07-15T08:00:00.000Z`, // CEST, UTC+2
        timeZone: 'Europe/Berlin',
        status: 'scheduled',
      });
      const opened = await openLive(candidateToken, 'candidate');
      expect(opened.status).toBe(200);
      expect((opened.body as OpenLiveLinkResponse).interview.startsAt).toBe(`${year}-07-15T08:00:00.000Z`);
    });

    it('cancels: both links answer 410 interview-cancelled and every further command 409', async () => {
      const cancelled = await call('POST', apiPaths.invite.cancelLive(scheduled.id), { token: org1.token });
      expect(cancelled.status).toBe(200);
      for (const [token, role] of [
        [candidateToken, 'candidate'],
        [hostToken, 'host'],
      ] as const) {
        const opened = await openLive(token, role);
        expect(opened.status).toBe(410);
        expect(opened.body.type).toMatch(problemType(liveProblemTypes.cancelled));
      }
      const view = await call(
        'GET',
        `${apiPaths.invite.liveInterview(scheduled.id)}?waitFor=${cancelled.body.waitFor}`,
        {
          token: org1.token,
        },
      );
      expect(view.body.interview.status).toBe('cancelled');

      const token = org1.token;
      for (const [path, body] of [
        [apiPaths.invite.cancelLive(scheduled.id), undefined],
        [apiPaths.invite.rescheduleLive(scheduled.id), { startsAt: `${year}-08-01T10:00`, timeZone: 'UTC' }],
        [apiPaths.invite.revokeLiveLink(scheduled.id), { role: 'host' }],
        [apiPaths.invite.reissueLiveLink(scheduled.id), { role: 'candidate' }],
      ] as const) {
        const response = await refused(() => call('POST', path, { token, body }), 409);
        expect(response.body.detail).toMatch(/cancelled/);
      }
      // nor can the candidate decline a cancelled interview
      expect((await call('POST', apiPaths.invite.declineLiveInterview, { body: { token: candidateToken } })).status).toBe(410);
    });
  });

  describe('the candidate declines from their link', () => {
    it('with a note: both links answer 410, the recruiter reads the note, again is 204, nothing else changes it', async () => {
      const declining = await schedule(org1.token, templateId, { candidateEmail: 'decline@navy.test' });
      const candidate = tokenOf(declining.links.candidate!.path, 'candidate');
      const host = tokenOf(declining.links.host!.path, 'host');

      // the host link cannot decline for the candidate; an overlong note is refused; neither writes
      const wrongRole = await refused(
        () => call('POST', apiPaths.invite.declineLiveInterview, { body: { token: host } }),
        404,
      );
      expect(wrongRole.body.type).toMatch(problemType('link-invalid'));
      await refused(
        () => call('POST', apiPaths.invite.declineLiveInterview, { body: { token: candidate, note: 'x'.repeat(1001) } }),
        400,
      );

      const note = 'I accepted another offer yesterday. Thank you for your time.';
      const declined = await call('POST', apiPaths.invite.declineLiveInterview, { body: { token: candidate, note: `  ${note} ` } });
      expect(declined.status).toBe(204);
      for (const [token, role] of [
        [candidate, 'candidate'],
        [host, 'host'],
      ] as const) {
        const opened = await openLive(token, role);
        expect(opened.status).toBe(410);
        expect(opened.body.type).toMatch(problemType(liveProblemTypes.candidateDeclined));
      }

      // a double submit or a reload of the form: the same answer, no second event
      // (the invite store: the first decline's emails may still be on their way meanwhile)
      const before = (await settledCounts()).invite;
      expect((await call('POST', apiPaths.invite.declineLiveInterview, { body: { token: candidate } })).status).toBe(204);
      expect((await settledCounts()).invite).toBe(before);

      let view: Call | undefined;
      for (let tries = 0; tries < 50; tries++) {
        view = await call('GET', apiPaths.invite.liveInterview(declining.id), { token: org1.token });
        if (view.body.interview?.status === 'declined') break;
        await sleep(100);
      }
      expect(view!.body.interview.status).toBe('declined');
      expect(view!.body.interview.candidateDeclined).toEqual({ at: expect.any(String), note });

      for (const [path, body] of [
        [apiPaths.invite.cancelLive(declining.id), undefined],
        [apiPaths.invite.rescheduleLive(declining.id), { startsAt: `${year}-08-01T10:00`, timeZone: 'UTC' }],
      ] as const) {
        const response = await refused(() => call('POST', path, { token: org1.token, body }), 409);
        expect(response.body.detail).toMatch(/declined/);
      }
    });
  });

  describe('bad input', () => {
    let otherOrgTemplateId: string;
    beforeAll(async () => {
      otherOrgTemplateId = (await createTemplate(org2.token)).id;
    });

    const post = (body: unknown) => call('POST', apiPaths.invite.liveInterviews, { token: org1.token, body });
    const valid = () => ({
      templateId,
      candidateName: 'Grace',
      candidateEmail: 'grace@navy.test',
      startsAt: `${year}-01-15T10:00`,
      timeZone: 'America/New_York',
    });
    const lastYear = `${year - 2}-06-01T10:00`;

    const cases: [string, () => Promise<Call>, number, { detail?: RegExp; errors?: unknown[] }][] = [
      [
        'an unknown template',
        () => post({ ...valid(), templateId: randomUUID() }),
        400,
        { detail: /does not exist/, errors: [{ path: 'templateId', message: 'choose one of your templates' }] },
      ],
      [
        "another organisation's template",
        () => post({ ...valid(), templateId: otherOrgTemplateId }),
        400,
        { detail: /does not exist/, errors: [{ path: 'templateId', message: 'choose one of your templates' }] },
      ],
      [
        'a time in the past',
        () => post({ ...valid(), startsAt: lastYear }),
        400,
        { errors: [{ path: 'startsAt', message: 'choose a time in the future' }] },
      ],
      [
        'a time New York skips (DST gap)',
        () => post({ ...valid(), startsAt: newYorkGap }),
        400,
        { errors: [{ path: 'startsAt', message: expect.stringMatching(/does not exist in that time zone/) }] },
      ],
      [
        'a date that does not exist',
        () => post({ ...valid(), startsAt: `${year}-02-30T10:00` }),
        400,
        { errors: [{ path: 'startsAt', message: 'this is not a real date and time' }] },
      ],
      [
        'a date with an offset',
        () => post({ ...valid(), startsAt: `${year}-01-15T10:00:00Z` }),
        400,
        { errors: [{ path: 'body.startsAt', message: 'date and time must look like 2026-12-01T10:00' }] },
      ],
      [
        'an unknown time zone',
        () => post({ ...valid(), timeZone: 'Mars/Olympus_Mons' }),
        400,
        { errors: [{ path: 'body.timeZone', message: 'unknown time zone' }] },
      ],
      [
        'a malformed candidate email',
        () => post({ ...valid(), candidateEmail: 'not-an-email' }),
        400,
        { errors: [{ path: 'body.candidateEmail', message: 'enter a valid email address' }] },
      ],
      [
        'a malformed guest email',
        () => post({ ...valid(), guestInterviewers: [{ name: 'Eve', email: 'eve@' }] }),
        400,
        { errors: [{ path: 'body.guestInterviewers.0.email', message: 'enter a valid email address' }] },
      ],
      [
        'a missing candidate',
        () => post({ templateId, startsAt: valid().startsAt, timeZone: valid().timeZone }),
        400,
        { detail: /candidateName/ },
      ],
      [
        'the candidate as an interviewer',
        () => post({ ...valid(), candidateEmail: 'Bob@One.test' }),
        400,
        { errors: [{ path: 'candidateEmail', message: 'this address is one of the interviewers' }] },
      ],
      [
        'more than 10 interviewers with the template’s',
        () =>
          post({
            ...valid(),
            guestInterviewers: Array.from({ length: 10 }, (_, i) => ({ name: `Guest ${i}`, email: `g${i}@x.test` })),
          }),
        400,
        { detail: /at most 10 interviewers/ },
      ],
      ['unknown extra fields', () => post({ ...valid(), salary: 1e6 }), 400, { detail: /salary/ }],
      [
        'a malformed JSON body',
        () => call('POST', apiPaths.invite.liveInterviews, { token: org1.token, raw: '{"templateId": "x",' }),
        400,
        { detail: /not valid JSON/ },
      ],
      [
        'a template id that is not a UUID',
        () => post({ ...valid(), templateId: 'tpl-1' }),
        400,
        { errors: [{ path: 'body.templateId', message: 'choose a template' }] },
      ],
      [
        'an interview id that is not a UUID',
        () => call('GET', apiPaths.invite.liveInterview('live-1'), { token: org1.token }),
        400,
        { errors: [{ path: 'params.liveInterviewId', message: 'liveInterviewId must be a UUID' }] },
      ],
      [
        'a template duration out of range',
        () =>
          call('POST', apiPaths.invite.liveTemplates, {
            token: org1.token,
            body: { name: 'Marathon', durationMinutes: 481 },
          }),
        400,
        { errors: [{ path: 'body.durationMinutes', message: 'at most 480 minutes' }] },
      ],
      [
        'a template without a name',
        () =>
          call('POST', apiPaths.invite.liveTemplates, { token: org1.token, body: { name: ' ', durationMinutes: 30 } }),
        400,
        { errors: [{ path: 'body.name', message: 'name is required' }] },
      ],
      [
        'a link role that does not exist',
        () =>
          call('POST', apiPaths.invite.revokeLiveLink(scheduled.id), { token: org1.token, body: { role: 'admin' } }),
        400,
        { detail: /role/ },
      ],
      [
        'a reschedule into the DST gap',
        () =>
          call('POST', apiPaths.invite.rescheduleLive(randomUUID()), {
            token: org1.token,
            body: { startsAt: newYorkGap, timeZone: 'America/New_York' },
          }),
        400,
        { errors: [{ path: 'startsAt', message: expect.stringMatching(/does not exist/) }] },
      ],
      [
        'an unknown query parameter',
        () => call('GET', `${apiPaths.invite.liveInterviews}?status=cancelled`, { token: org1.token }),
        400,
        { detail: /status/ },
      ],
      [
        'a live link open without a role',
        () => call('POST', apiPaths.invite.openLiveLink, { body: { token: 'k1.abc.def' } }),
        400,
        { detail: /role/ },
      ],
      ['no session', () => call('POST', apiPaths.invite.liveInterviews, { body: valid() }), 401, {}],
    ];

    it.each(cases)('answers %s with a 4xx problem+json and writes nothing', async (_name, send, status, expected) => {
      const response = await refused(send, status);
      if (expected.detail) expect(response.body.detail).toMatch(expected.detail);
      if (expected.errors) expect(response.body.errors).toEqual(expected.errors);
    });

    it('answers an unknown template and another organisation’s template with the same words', async () => {
      const unknown = await post({ ...valid(), templateId: randomUUID() });
      const foreign = await post({ ...valid(), templateId: otherOrgTemplateId });
      expect(problemShape(foreign.body)).toEqual(problemShape(unknown.body));
    });
  });

  describe('another organisation', () => {
    it('gets 404 on every live route of org One, and writes nothing', async () => {
      const live = await schedule(org1.token, templateId, { candidateEmail: 'nosy@target.test' });
      handedOut.push(tokenOf(live.links.candidate!.path, 'candidate'), tokenOf(live.links.host!.path, 'host'));
      const token = org2.token;
      const template = { name: 'Stolen', durationMinutes: 30 };
      for (const [method, path, body] of [
        ['GET', apiPaths.invite.liveTemplate(templateId), undefined],
        ['PUT', apiPaths.invite.liveTemplate(templateId), template],
        ['GET', apiPaths.invite.liveInterview(live.id), undefined],
        ['GET', apiPaths.invite.liveLinks(live.id), undefined],
        ['POST', apiPaths.invite.rescheduleLive(live.id), { startsAt: `${year}-05-01T10:00`, timeZone: 'UTC' }],
        ['POST', apiPaths.invite.cancelLive(live.id), undefined],
        ['POST', apiPaths.invite.revokeLiveLink(live.id), { role: 'candidate' }],
        ['POST', apiPaths.invite.reissueLiveLink(live.id), { role: 'host' }],
      ] as const) {
        await refused(() => call(method, path, { token, body }), 404);
      }
      const list = await call('GET', `${apiPaths.invite.liveInterviews}?templateId=${templateId}`, { token });
      expect(list.body.interviews).toEqual([]);
      // and org One's interview is untouched
      expect((await openLive(tokenOf(live.links.candidate!.path, 'candidate'), 'candidate')).status).toBe(200);
    });
  });

  describe('link tokens at rest', () => {
    it('keeps no working link token in the invite event store', async () => {
      expect(handedOut.length).toBeGreaterThanOrEqual(8);
      const events = await candor.stores.invite.readAll({ after: 0, limit: 10_000 });
      const dump = JSON.stringify(events);
      expect(dump).toContain(scheduled.id); // the dump is the real one
      for (const token of handedOut) {
        expect(dump).not.toContain(token);
        // nor the MAC part alone
        expect(dump).not.toContain(token.split('.')[2]!);
      }
    });
  });
});

describe('the live link-open rate limit', () => {
  let candor: EmbeddedCandor;
  const { signUp, createTemplate, schedule, tokenOf, openLive, call } = client(() => candor);

  beforeAll(async () => {
    candor = await startTestCandor({
      embedded: {
        linkRateLimits: { opens: { windowMs: 60_000, limit: 1000 }, refusals: { windowMs: 60_000, limit: 4 } },
      },
    });
  });
  afterAll(async () => {
    await candor?.stop();
  });

  it('answers 429 after the refused opens, even to a correct link (one budget per address)', async () => {
    const { token } = await signUp('rate@limit.test', 'Rate');
    const template = await createTemplate(token);
    const live = await schedule(token, template.id);
    const candidate = tokenOf(live.links.candidate!.path, 'candidate');
    expect((await openLive(candidate, 'candidate')).status).toBe(200);
    // a wrong role and a made-up token are both refusals: four use up the budget
    for (let i = 0; i < 2; i++) {
      expect((await openLive(candidate, 'host')).status).toBe(404);
      expect((await openLive(`k1.${'A'.repeat(22)}.${'B'.repeat(43)}`, 'candidate')).status).toBe(404);
    }
    const limited = await openLive(candidate, 'candidate');
    expect(limited.status).toBe(429);
    expect(limited.type).toContain('application/problem+json');
    expect(limited.body).toMatchObject({ status: 429, title: 'Too many requests' });
    // the recruiter API is not behind the link limiter
    expect((await call('GET', apiPaths.invite.liveLinks(live.id), { token })).status).toBe(200);
  });
});
