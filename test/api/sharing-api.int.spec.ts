// The sharing service over real HTTP on a real Postgres server: share links from Quick Share and
// custom settings, views counted only by the loaded page's request (not by the page's GET, not
// again on reload), hidden content absent from the raw responses, edit and instant revoke, expiry
// (the harness's clock), used up, forged and unknown tokens, organisation scoping, ceilings, the
// viewing log, 500 concurrent first opens granting exactly max views, and the audit export that
// `npm run audit:verify` accepts and refuses once tampered with.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  shareProblemTypes,
  sharingEventNames,
  sharingPaths,
  type LiveInterviewDetails,
  type ShareLinkView,
} from '@candor/contracts';
import type { SqlClient } from '@candor/runtime';
import { createPgClient } from '@candor/runtime/postgres';
import { startSharingHarness, type SharingHarness } from '@candor/sharing/test/sharing-harness';
import { request } from '../support/http';
import { describeWithInfra, REPO_ROOT } from '../support/infra';

/** problem+json `type` of a problem slug */
const problem = (slug: string) => `https://candor.dev/problems/${slug}`;
const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

/** A viewer's browser: its own cookie jar, sending what the viewer page's script sends. */
function viewer(baseUrl: string) {
  const jar = new Map<string, string>();
  async function send(method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { 'user-agent': firefox, ...init.headers };
    if (jar.size > 0) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(baseUrl + path, {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      text,
      body: text ? JSON.parse(text) : undefined,
      headers: response.headers,
      setCookies: response.headers.getSetCookie(),
    };
  }
  return {
    jar,
    open: (token: string) => send('POST', sharingPaths.viewerOpen, { body: { token } }),
    view: (token: string) => send('POST', sharingPaths.viewerView, { body: { token } }),
    content: (token: string) => send('GET', sharingPaths.viewerContent, { headers: { 'x-share-token': token } }),
  };
}
const tokenOf = (path: string) => path.replace(/^\/s\//, '');
const allOff = {
  interviewTitle: false,
  inviterDetails: false,
  scheduledAt: false,
  duration: false,
  interviewerNames: false,
  averageScore: false,
};

describeWithInfra('sharing API on real Postgres', ['postgres'], (getInfra) => {
  let sql: SqlClient;
  let harness: SharingHarness;
  let interview: LiveInterviewDetails;
  let ada: string;
  const org = 'org-share-a';

  beforeAll(async () => {
    sql = createPgClient(getInfra().pgUrl!);
    harness = await startSharingHarness(sql);
    ada = await harness.recruiter(org);
    interview = await harness.scheduleInterview(org);
  }, 60_000);
  afterAll(async () => {
    await harness?.stop();
    await sql?.close();
  });

  const call = (method: string, path: string, body?: unknown, token = ada) =>
    request(harness.url, method, path, { token, body });
  async function create(body: object) {
    const created = await call('POST', sharingPaths.interviewLinks(interview.liveInterviewId), body);
    expect(created.status).toBe(201);
    return created.body as { id: string; path: string; waitFor: string };
  }
  async function listed(id: string, waitFor?: string): Promise<ShareLinkView> {
    const query = waitFor ? `?waitFor=${encodeURIComponent(waitFor)}` : '';
    const list = await call('GET', `${sharingPaths.interviewLinks(interview.liveInterviewId)}${query}`);
    expect(list.status).toBe(200);
    const found = (list.body.links as ShareLinkView[]).find((link) => link.id === id);
    if (!found) throw new Error(`link ${id} is not listed`);
    return found;
  }
  /** the read model follows the bus: wait (bounded) until the link shows this many views */
  async function viewsOf(id: string, expected: number): Promise<ShareLinkView> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const link = await listed(id);
      if (link.views === expected || Date.now() > deadline) return link;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  test('Quick Share makes an active link with the organisation defaults; the list shows it with 0 / max', async () => {
    const quick = await call('POST', sharingPaths.quickShare(interview.liveInterviewId));
    expect(quick.status).toBe(201);
    expect(quick.body.path).toMatch(/^\/s\/[a-z0-9]+\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    const link = await listed(quick.body.id, quick.body.waitFor);
    expect(link).toMatchObject({
      path: quick.body.path,
      views: 0,
      maxViews: 5,
      status: 'active',
      quick: true,
      nameVisibility: 'first',
      createdByName: 'Ada Lovelace',
    });
    expect(Date.parse(link.expiresAt) - Date.parse(link.createdAt)).toBe(7 * 24 * 3600_000);
  });

  test("the page's GET counts nothing; the loaded page's view counts once, a reload in the same session not again", async () => {
    const { id, path } = await create({ name: 'Hiring manager', maxViews: 3 });
    const token = tokenOf(path);
    const browser = viewer(harness.url);
    for (let i = 0; i < 3; i++) {
      const opened = await browser.open(token);
      expect(opened.status).toBe(200);
      expect(opened.headers.get('referrer-policy')).toBe('no-referrer');
      expect(opened.headers.get('cache-control')).toBe('no-store');
      expect(opened.headers.get('x-robots-tag')).toMatch(/noindex/);
      expect(opened.setCookies).toEqual([]);
    }
    expect((await viewsOf(id, 0)).views).toBe(0);

    const first = await browser.view(token);
    expect(first.status).toBe(200);
    expect(first.body.counted).toBe(true);
    expect(first.setCookies[0]).toMatch(
      /^candor_share_[0-9a-f]{32}=[^;]+; Max-Age=1800; Path=\/; Expires=.*; HttpOnly; SameSite=Lax$/,
    );
    const reload = await browser.view(token);
    expect(reload.body.counted).toBe(false);
    expect((await browser.content(token)).status).toBe(200);
    expect((await viewsOf(id, 1)).views).toBe(1);

    const other = viewer(harness.url);
    expect((await other.content(token)).body.type).toBe(problem(shareProblemTypes.viewingSession));
    expect((await other.view(token)).body.counted).toBe(true);
    expect(await viewsOf(id, 2)).toMatchObject({ views: 2, maxViews: 3, status: 'active' });
    // the viewing log: time, link name, a coarse user agent, nothing about the address
    const log = await call('GET', sharingPaths.views(id));
    expect(log.body.views).toEqual([
      { at: expect.any(String), linkName: 'Hiring manager', userAgent: 'Firefox on Linux', viewNumber: 2 },
      { at: expect.any(String), linkName: 'Hiring manager', userAgent: 'Firefox on Linux', viewNumber: 1 },
    ]);
    expect(JSON.stringify(log.body)).not.toMatch(/127\.0\.0\.1|::1|rv:133/);
    // the Share tab's log: every link of the interview together, newest first
    const tab = await call('GET', sharingPaths.interviewViews(interview.liveInterviewId));
    expect(tab.status).toBe(200);
    expect(tab.body.views.filter((view: { linkName: string }) => view.linkName === 'Hiring manager')).toEqual(
      log.body.views,
    );
    expect(JSON.stringify(tab.body)).not.toMatch(/127\.0\.0\.1|::1|rv:133/);
  });

  test('hidden means absent: a hidden name and two toggles on leave nothing else in the raw responses', async () => {
    const { path } = await create({
      name: 'Client',
      nameVisibility: 'hidden',
      content: { ...allOff, interviewTitle: true, duration: true },
    });
    const token = tokenOf(path);
    const browser = viewer(harness.url);
    const answers = [await browser.open(token), await browser.view(token), await browser.content(token)];
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.text).not.toMatch(
        /Grace|Hopper|Ada|Lovelace|Bob|Acme|Berlin|@|candidateName|inviter|interviewerNames|averageScore|scheduledAt/,
      );
    }
    expect(Object.keys(answers[1]!.body.content).sort()).toEqual([
      'durationMinutes',
      'expiresAt',
      'interviewTitle',
      'pageTitle',
      'recordings',
    ]);
    expect(answers[2]!.body).toMatchObject({
      pageTitle: 'Shared interview',
      interviewTitle: 'Senior Backend Interview',
      durationMinutes: 45,
    });
    expect(answers[0]!.body).toEqual({ status: 'active', pageTitle: 'Shared interview' });
  });

  test('editing the visible content keeps the URL and shows on the next load; first-name visibility cuts the name', async () => {
    const { id, path } = await create({
      name: 'Panel',
      nameVisibility: 'hidden',
      content: { ...allOff, interviewTitle: true },
    });
    const browser = viewer(harness.url);
    await browser.view(tokenOf(path));
    const edited = await call('PATCH', sharingPaths.link(id), {
      nameVisibility: 'first',
      content: { ...allOff, interviewerNames: true, inviterDetails: true },
    });
    expect(edited.status).toBe(200);
    const again = await browser.content(tokenOf(path));
    expect(again.body).toMatchObject({
      candidateName: 'Grace',
      pageTitle: 'Interview with Grace',
      interviewerNames: ['Ada Lovelace', 'Bob Interviewer'],
      inviter: { name: 'Ada Lovelace', organisationName: 'Acme Hiring' },
    });
    expect(again.body.interviewTitle).toBeUndefined();
    expect(again.text).not.toMatch(/Hopper|@/);
    expect((await listed(id, edited.body.waitFor)).path).toBe(path);
  });

  test('the playlist holds the ready recordings the link chose; the average score follows the reviewers', async () => {
    const other = await harness.scheduleInterview(org, {
      candidate: { name: 'Alan Turing', email: 'alan@candidates.test' },
    });
    const first = await harness.recordSegment(other, 1);
    const second = await harness.recordSegment(other, 2);
    await harness.giveScore(other, 'rec-1', 4);
    await harness.giveScore(other, 'rec-2', 5);
    await harness.giveScore(other, 'rec-1', 2);
    const created = await call('POST', sharingPaths.interviewLinks(other.liveInterviewId), {
      name: 'Scores',
      content: { ...allOff, averageScore: true },
    });
    const chosen = await call('POST', sharingPaths.interviewLinks(other.liveInterviewId), {
      name: 'Second only',
      recordings: [second],
    });
    const all = await viewer(harness.url).view(tokenOf(created.body.path));
    expect(all.body.content).toMatchObject({
      averageScore: 3.5,
      recordings: [
        { id: first, index: 1, durationMs: 60_000 },
        { id: second, index: 2, durationMs: 120_000 },
      ],
    });
    const one = await viewer(harness.url).view(tokenOf(chosen.body.path));
    expect(one.body.content.recordings.map((recording: { id: string }) => recording.id)).toEqual([second]);
    expect(one.body.content.averageScore).toBeUndefined();

    // no share link outlives the data: once its recordings are deleted, the link has ended
    await harness.deleteRecording(other, second);
    const ended = await viewer(harness.url).view(tokenOf(chosen.body.path));
    expect([ended.status, ended.body.type, ended.body.detail]).toEqual([
      410,
      problem(shareProblemTypes.revoked),
      'The recordings of this interview were deleted; this share link has ended.',
    ]);
    const stillOne = await viewer(harness.url).view(tokenOf(created.body.path));
    expect(stillOne.body.content.recordings.map((recording: { id: string }) => recording.id)).toEqual([first]);
  });

  test('delete revokes at once: the open viewer, the page and a new viewer all hear 410 revoked', async () => {
    const { id, path } = await create({ name: 'To delete' });
    const token = tokenOf(path);
    const browser = viewer(harness.url);
    expect((await browser.view(token)).status).toBe(200);
    expect((await call('DELETE', sharingPaths.link(id))).status).toBe(200);
    for (const answer of [
      await browser.content(token),
      await browser.view(token),
      await browser.open(token),
      await viewer(harness.url).view(token),
    ]) {
      expect(answer.status).toBe(410);
      expect(answer.type).toMatch(/application\/problem\+json/);
      expect(answer.body.type).toBe(problem(shareProblemTypes.revoked));
    }
    expect((await call('DELETE', sharingPaths.link(id))).status).toBe(200);
    expect((await viewsOf(id, 1)).status).toBe('revoked');
  });

  test('used up and expired each say so; forged and unknown tokens get one 404 that tells nothing', async () => {
    const once = await create({ name: 'Once', maxViews: 1, expiryDays: 2 });
    const first = viewer(harness.url);
    expect((await first.view(tokenOf(once.path))).status).toBe(200);
    const second = await viewer(harness.url).view(tokenOf(once.path));
    expect([second.status, second.body.type]).toEqual([410, problem(shareProblemTypes.usedUp)]);
    // the viewer who holds the only session may still reload
    expect((await first.view(tokenOf(once.path))).body.counted).toBe(false);

    const later = await create({ name: 'Expires', expiryDays: 1 });
    expect((await viewer(harness.url).open(tokenOf(later.path))).status).toBe(200);
    harness.advance(24 * 3600_000);
    for (const answer of [
      await viewer(harness.url).open(tokenOf(later.path)),
      await viewer(harness.url).view(tokenOf(later.path)),
      await first.view(tokenOf(once.path)),
    ]) {
      expect(answer.status).toBe(410);
    }
    expect((await viewer(harness.url).view(tokenOf(later.path))).body.type).toBe(problem(shareProblemTypes.expired));
    const events = await harness.store.readStream(`share-link-${later.id}`);
    expect(events.filter((event) => event.type === sharingEventNames.ShareLinkExpired)).toHaveLength(1);
    expect((await listed(later.id)).status).toBe('expired');

    const token = tokenOf(later.path);
    const [kid, subject, mac] = token.split('.') as [string, string, string];
    const forged = `${kid}.${subject}.${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`;
    const unknown = harness.shareTokens.tokenFor(
      '6f1c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f',
      harness.shareTokens.newRandomId(),
    );
    const answers = [forged, unknown, 'nonsense', `${kid}.${subject}`].map((bad) => viewer(harness.url).view(bad));
    for (const answer of await Promise.all(answers)) {
      expect(answer.status).toBe(404);
      const { requestId: _id, instance: _instance, ...rest } = answer.body;
      expect(rest).toEqual({
        type: problem(shareProblemTypes.invalid),
        title: 'Not found',
        status: 404,
        detail: 'This share link is not valid.',
      });
    }
  });

  test('another organisation sees, edits and deletes none of these links, nor shares this interview', async () => {
    const { id } = await create({ name: 'Ours' });
    const eve = await harness.recruiter('org-share-b', 'Eve');
    expect(
      (await call('GET', sharingPaths.interviewLinks(interview.liveInterviewId), undefined, eve)).body.links,
    ).toEqual([]);
    expect((await call('PATCH', sharingPaths.link(id), { name: 'Theirs' }, eve)).status).toBe(404);
    expect((await call('DELETE', sharingPaths.link(id), undefined, eve)).status).toBe(404);
    expect((await call('GET', sharingPaths.views(id), undefined, eve)).status).toBe(404);
    const theirLog = await call('GET', sharingPaths.interviewViews(interview.liveInterviewId), undefined, eve);
    expect([theirLog.status, theirLog.body.views]).toEqual([200, []]);
    expect(
      (await call('GET', sharingPaths.interviewViews(interview.liveInterviewId))).body.views.length,
    ).toBeGreaterThan(0);
    expect((await call('POST', sharingPaths.quickShare(interview.liveInterviewId), undefined, eve)).status).toBe(404);
    expect((await request(harness.url, 'GET', sharingPaths.interviewLinks(interview.liveInterviewId))).status).toBe(
      401,
    );
  });

  test('ceilings bound every link; bad input is a 4xx problem and writes nothing', async () => {
    const before = (await harness.store.readAll({ after: 0, limit: 10_000 })).length;
    const beyond = await call('POST', sharingPaths.interviewLinks(interview.liveInterviewId), {
      name: 'Long',
      expiryDays: 31,
    });
    expect([beyond.status, beyond.body.errors?.[0]?.path]).toEqual([400, 'body.expiryDays']);
    const unknownField = await call('POST', sharingPaths.interviewLinks(interview.liveInterviewId), {
      name: 'X',
      password: 'y',
    });
    expect(unknownField.status).toBe(400);
    expect((await call('POST', sharingPaths.interviewLinks('not-a-uuid'), { name: 'X' })).status).toBe(400);
    expect(
      (await call('POST', sharingPaths.interviewLinks('6f1c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f'), { name: 'X' })).status,
    ).toBe(404);
    expect(
      (
        await call('PUT', sharingPaths.defaults, {
          expiryDays: 40,
          maxViews: 5,
          nameVisibility: 'full',
          content: allOff,
        })
      ).status,
    ).toBe(400);
    expect((await harness.store.readAll({ after: 0, limit: 10_000 })).length).toBe(before);

    // only the organisation's admin (its founder, Ada) sets the ceilings; a colleague sets defaults only
    const colleague = await harness.recruiter(org, 'Charles Babbage', 'rec-babbage');
    const refused = await call('PUT', sharingPaths.ceilings, { maxExpiryDays: 60, maxViews: 1000 }, colleague);
    expect([refused.status, refused.type]).toEqual([403, expect.stringMatching(/application\/problem\+json/)]);
    expect(refused.body.detail).toMatch(/Only your organisation's admin/);
    expect((await harness.store.readAll({ after: 0, limit: 10_000 })).length).toBe(before);
    const asColleague = await call('GET', sharingPaths.settings, undefined, colleague);
    expect([asColleague.body.canSetCeilings, (await call('GET', sharingPaths.settings)).body.canSetCeilings]).toEqual([
      false,
      true,
    ]);
    const sameDefaults = await call('PUT', sharingPaths.defaults, asColleague.body.defaults, colleague);
    expect(sameDefaults.status).toBe(200);

    const raised = await call('PUT', sharingPaths.ceilings, { maxExpiryDays: 60, maxViews: 1000 });
    expect(raised.body).toMatchObject({ ceilings: { maxExpiryDays: 60, maxViews: 1000 }, canSetCeilings: true });
    expect(
      (await call('POST', sharingPaths.interviewLinks(interview.liveInterviewId), { name: 'Long', expiryDays: 31 }))
        .status,
    ).toBe(201);
    const settings = await call('GET', sharingPaths.settings);
    expect(settings.body).toMatchObject({
      ceilings: { maxExpiryDays: 60, maxViews: 1000 },
      defaults: { expiryDays: 7 },
    });
  });

  test('500 concurrent first opens of a link with max views 10 grant exactly 10 viewing sessions, no 5xx', async () => {
    const { id, path } = await create({ name: 'Stampede', maxViews: 10 });
    const token = tokenOf(path);
    const answers = await Promise.all(Array.from({ length: 500 }, () => viewer(harness.url).view(token)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
    expect(statuses.filter((status) => status === 410)).toHaveLength(490);
    expect(new Set(answers.filter((answer) => answer.status === 410).map((answer) => answer.body.type))).toEqual(
      new Set([problem(shareProblemTypes.usedUp)]),
    );
    const views = (await harness.store.readStream(`share-link-${id}`)).filter(
      (event) => event.type === sharingEventNames.ShareLinkViewed,
    );
    expect(views.map((event) => (event.data as { viewNumber: number }).viewNumber)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(await viewsOf(id, 10)).toMatchObject({ views: 10, status: 'used-up' });
  }, 120_000);

  test('the audit export verifies with npm run audit:verify; an edited, dropped or swapped line is named', async () => {
    const events = await harness.store.readAll({ after: 0, limit: 100_000 });
    const audited = events.filter(
      (event) =>
        event.type.startsWith('sharing.ShareLink') && (event.data as { organisationId: string }).organisationId === org,
    );
    let lines: string[] = [];
    let head = '';
    const deadline = Date.now() + 15_000;
    do {
      const exported = await fetch(harness.url + sharingPaths.auditExport, {
        headers: { authorization: `Bearer ${ada}` },
      });
      expect(exported.headers.get('content-type')).toMatch(/application\/jsonl/);
      head = exported.headers.get('candor-audit-head') ?? '';
      lines = (await exported.text()).split('\n').filter(Boolean);
      if (lines.length >= audited.length) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    } while (Date.now() < deadline);
    expect(lines).toHaveLength(audited.length);
    const types = lines.map((line) => JSON.parse(line).type as string);
    for (const type of Object.values(sharingEventNames).filter((name) => name.includes('ShareLink')))
      expect(types).toContain(type);

    const dir = mkdtempSync(join(tmpdir(), 'candor-audit-'));
    const verify = (name: string, content: string[], ...args: string[]) => {
      const file = join(dir, name);
      writeFileSync(file, content.map((line) => `${line}\n`).join(''));
      return spawnSync('npm', ['run', '--silent', 'audit:verify', file, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
    };
    const intact = verify('intact.jsonl', lines);
    expect([intact.status, intact.stdout.trim()]).toEqual([
      0,
      expect.stringMatching(new RegExp(`^OK: ${lines.length} entries`)),
    ]);
    const edited = [...lines];
    edited[4] = JSON.stringify({ ...JSON.parse(lines[4]!), summary: 'nothing happened here' });
    const dropped = lines.filter((_, index) => index !== 6);
    const swapped = [...lines];
    [swapped[2], swapped[3]] = [swapped[3]!, swapped[2]!];
    const cases: [string, string[], RegExp][] = [
      ['edited', edited, /^FAILED: line 5 \(entry 5\)/],
      ['dropped', dropped, /^FAILED: line 7 \(entry 8\)/],
      ['swapped', swapped, /^FAILED: line 3 \(entry 4\)/],
    ];
    for (const [name, content, message] of cases) {
      const result = verify(`${name}.jsonl`, content);
      expect([name, result.status, result.stderr.trim()]).toEqual([name, 1, expect.stringMatching(message)]);
    }
    // a log cut short at its end still chains: the head the export reported catches it
    expect(head).toMatch(/^[0-9a-f]{64}$/);
    expect(verify('intact-head.jsonl', lines, '--head', head).status).toBe(0);
    const cut = verify('cut.jsonl', lines.slice(0, -1), '--head', head);
    expect([cut.status, cut.stderr.trim()]).toEqual([
      1,
      expect.stringMatching(/^FAILED: the log ends at .* not at the head/),
    ]);
    expect(verify('cut-no-head.jsonl', lines.slice(0, -1)).status).toBe(0);
    // the documented spelling, with `--` (without it npm takes `--head` as its own option; the CLI still reads it)
    const spelled = spawnSync(
      'npm',
      ['run', '--silent', 'audit:verify', '--', join(dir, 'cut.jsonl'), '--head', head],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      },
    );
    expect(spelled.status).toBe(1);
  }, 60_000);

  test('the viewer endpoints are rate limited per client address; refusals have the tighter budget', async () => {
    const limited = await startSharingHarness(sql, {
      viewerRateLimits: { opens: { windowMs: 60_000, limit: 100 }, refusals: { windowMs: 60_000, limit: 3 } },
    });
    try {
      const guesses = [];
      for (let i = 0; i < 4; i++)
        guesses.push((await viewer(limited.url).view(`k1.${'A'.repeat(22)}.${'B'.repeat(43)}`)).status);
      expect(guesses).toEqual([404, 404, 404, 429]);
    } finally {
      await limited.stop();
    }
  });
});
