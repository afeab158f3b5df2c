// A share viewer plays the shared recordings through the recording service's signed URLs, and every
// range request asks the sharing service again. Two real services over HTTP on one bus: the sharing
// service on a real Postgres server (its harness) and the recording service (its harness: PGlite,
// the real spool and filesystem storage, a real WebM made by ffmpeg), its segments made from media
// events and followed by sharing through the bus as in production. The recording service asks
// sharing with its own service tokens. Checked: the viewer's URLs play (206, the file's bytes), carry
// no name in body or headers; a forged pass, a wrong token or another's URL get nothing; Delete stops
// the URL that was playing at its next range request (and no new URL is minted); an expired viewing
// session, a link edited to drop the recording and a deleted recording stop it too.
import { readFileSync } from 'node:fs';
import {
  apiPaths,
  recordingNotice,
  shareProblemTypes,
  sharingPaths,
  viewingCookieName,
  type LiveInterviewDetails,
  type RecordingListResponse,
  type SharePlaybackResponse,
} from '@candor/contracts';
import { createInProcessBus, type SqlClient } from '@candor/runtime';
import { createPgClient } from '@candor/runtime/postgres';
import { shareAccess } from '@candor/recording';
import { startSharingHarness, type SharingHarness } from '@candor/sharing/test/sharing-harness';
import { request } from '../support/http';
import { describeWithInfra } from '../support/infra';
import { startRecordingHarness, type RecordingHarness } from '../support/recording';

const problem = (slug: string) => `https://candor.dev/problems/${slug}`;
const candidateParts = ['Grace', 'Brewster', 'Hopper'];

describeWithInfra('share viewers play through signed URLs, re-checked by sharing', ['postgres'], (getInfra) => {
  let sql: SqlClient;
  let sharing: SharingHarness;
  let recording: RecordingHarness;
  let interview: LiveInterviewDetails;
  let ada: string;
  let segmentId: string;
  const org = 'org-share-play';
  const bus = createInProcessBus();

  beforeAll(async () => {
    sql = createPgClient(getInfra().pgUrl!);
    sharing = await startSharingHarness(sql, { bus });
    recording = await startRecordingHarness({
      bus,
      shareAccess: shareAccess({ sharingUrl: sharing.url, serviceTokens: sharing.recordingTokens }),
    });
    ada = await sharing.recruiter(org);
    interview = await sharing.scheduleInterview(org);
    // a segment recorded in the interview's room, through the recording service's own pipeline
    // the two harnesses' clocks agree (the sharing harness starts 20 days after the recording one)
    recording.advance(20 * 24 * 3600_000);
    const room = recording.room(org, interview.liveInterviewId);
    await room.consent(recordingNotice);
    await room.hostJoins();
    await room.start();
    recording.advance(4_000);
    await room.stop();
    const recruiter = await recording.recruiterToken(org);
    segmentId = await recording.eventually(async () => {
      const list = await request(recording.url, 'GET', apiPaths.recording.interviewRecordings(room.roomId), {
        token: recruiter,
      });
      const [ready] = (list.body as RecordingListResponse).recordings.filter((r) => r.status === 'ready');
      return ready?.id;
    }, 'a ready segment');
  }, 60_000);
  afterAll(async () => {
    await recording?.stop();
    await sharing?.stop();
    await bus.close();
    await sql?.close();
  });

  const call = (method: string, path: string, body?: unknown) => request(sharing.url, method, path, { token: ada, body });

  /** A link, opened by a viewer's page: its token and the viewing pass the view set as a cookie. */
  async function viewedLink(body: object = {}) {
    const created = await call('POST', sharingPaths.interviewLinks(interview.liveInterviewId), {
      name: 'Client review',
      nameVisibility: 'full',
      ...body,
    });
    expect(created.status).toBe(201);
    const token = (created.body.path as string).replace(/^\/s\//, '');
    // sharing follows the recording a moment after it was ready
    await recording.eventually(async () => {
      const view = await fetch(sharing.url + sharingPaths.viewerView, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      });
      const answer = (await view.json()) as { content?: { recordings?: unknown[] } };
      return answer.content?.recordings?.length === 1 ? true : undefined;
    }, 'sharing to follow the recording');
    const view = await fetch(sharing.url + sharingPaths.viewerView, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    const cookie = view.headers.getSetCookie().find((c) => c.startsWith(viewingCookieName(created.body.id)))!;
    const pass = decodeURIComponent(cookie.split(';')[0]!.split('=')[1]!);
    return { id: created.body.id as string, token, pass };
  }
  const playback = (token: string, pass: string) =>
    request(recording.url, 'POST', apiPaths.recording.sharePlayback, { body: { token, pass } });
  const range = (url: string, bytes = 'bytes=0-99') => fetch(recording.url + url, { headers: { range: bytes } });

  it('mints URLs only for the viewing session the link granted; they play the file and name nobody', async () => {
    const { token, pass } = await viewedLink();
    const minted = await playback(token, pass);
    expect(minted.status).toBe(200);
    expect(minted.headers.get('cache-control')).toBe('no-store');
    const { recordings } = minted.body as SharePlaybackResponse;
    expect(recordings.map((r) => r.id)).toEqual([segmentId]);
    expect(Date.parse(recordings[0]!.expiresAt) - recording.now().getTime()).toBeLessThanOrEqual(300_000);

    const played = await range(recordings[0]!.url);
    expect(played.status).toBe(206);
    const bytes = Buffer.from(await played.arrayBuffer());
    expect(bytes.equals(readFileSync(recording.sample).subarray(0, 100))).toBe(true);
    expect(played.headers.get('content-disposition')).toBeNull();
    const seen = JSON.stringify(minted.body) + JSON.stringify([...played.headers]) + JSON.stringify([...minted.headers]);
    for (const part of candidateParts) expect(seen).not.toContain(part);

    // a pass of another link, a forged pass, a wrong token: nothing minted
    const other = await viewedLink();
    const forged = await playback(token, other.pass);
    expect(forged.status).toBe(403);
    expect(forged.body.type).toBe(problem(shareProblemTypes.viewingSession));
    expect((await playback(`${token.slice(0, -2)}AA`, pass)).status).toBe(404);
  });

  it('the candidate, with their own link, sees that it was shared and when it was viewed — not who, not link names', async () => {
    const ask = (token: string) => request(sharing.url, 'POST', sharingPaths.candidateShares, { body: { token } });
    const answer = await ask(sharing.candidateToken(interview));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    // what the recruiter's overview counts: two links, their views
    const listed = await call('GET', sharingPaths.interviewLinks(interview.liveInterviewId));
    const views = (listed.body.links as { views: number }[]).reduce((sum, link) => sum + link.views, 0);
    expect(views).toBeGreaterThan(0);
    expect(answer.body).toEqual({ links: 2, viewedAt: Array.from({ length: views }, () => expect.any(String)) });
    expect(JSON.stringify(answer.body)).not.toMatch(/Client review|Mozilla|Chrome|Ada/);
    // the host link of the same interview, a forged one: the same 404
    expect((await ask(sharing.candidateToken(interview, 'live-host'))).status).toBe(404);
    const token = sharing.candidateToken(interview);
    expect((await ask(`${token.slice(0, -2)}AA`)).status).toBe(404);
  });

  it('Delete stops the URL that was playing at its next range request', async () => {
    const { id, token, pass } = await viewedLink();
    const [played] = (((await playback(token, pass)).body as SharePlaybackResponse).recordings);
    expect((await range(played!.url)).status).toBe(206);
    expect((await call('DELETE', sharingPaths.link(id))).status).toBe(200);
    // no wait: the revocation is in sharing's write model when Delete answered
    const next = await range(played!.url, 'bytes=100-199');
    expect(next.status).toBe(403);
    const again = await playback(token, pass);
    expect(again.status).toBe(410);
    expect(again.body.type).toBe(problem(shareProblemTypes.revoked));
  });

  it('stops when the viewing session is over, and when an edit drops the recording from the link', async () => {
    const first = await viewedLink();
    const [url] = ((await playback(first.token, first.pass)).body as SharePlaybackResponse).recordings;
    expect((await range(url!.url)).status).toBe(206);
    sharing.advance(31 * 60_000);
    expect((await range(url!.url)).status).toBe(403);

    const second = await viewedLink();
    const [url2] = ((await playback(second.token, second.pass)).body as SharePlaybackResponse).recordings;
    expect((await range(url2!.url)).status).toBe(206);
    const other = '00000000-0000-4000-8000-000000000000';
    expect((await call('PATCH', sharingPaths.link(second.id), { recordings: [other] })).status).toBe(200);
    expect((await range(url2!.url)).status).toBe(403);
    expect(((await playback(second.token, second.pass)).body as SharePlaybackResponse).recordings).toEqual([]);
  });

  it("caps a link's expiry at the recordings' deletion date (the organisation's retention)", async () => {
    const recruiter = await recording.recruiterToken(org);
    expect(
      (await request(recording.url, 'PUT', apiPaths.recording.retention, { token: recruiter, body: { days: 2 } })).status,
    ).toBe(200);
    const list = await request(recording.url, 'GET', apiPaths.recording.interviewRecordings(interview.liveInterviewId), {
      token: recruiter,
    });
    const { deleteAfter } = (list.body as RecordingListResponse).recordings[0]!;
    // sharing follows the retention through the bus: a link asked for 30 days gets until the deletion
    const expiry = await recording.eventually(async () => {
      const created = await call('POST', sharingPaths.interviewLinks(interview.liveInterviewId), {
        name: 'Long review',
        expiryDays: 30,
      });
      const listed = await call('GET', sharingPaths.interviewLinks(interview.liveInterviewId));
      // the overview is a read model: the link shows a moment after it was made
      const link = (listed.body.links as { id: string; expiresAt: string }[]).find((l) => l.id === created.body.id);
      return link?.expiresAt === deleteAfter ? link.expiresAt : undefined;
    }, 'the expiry capped at the deletion date');
    expect(Date.parse(expiry)).toBeLessThan(Date.parse(new Date(Date.parse('2026-11-21T10:00:00Z') + 30 * 86_400_000).toISOString()));
  });

  it('a deleted recording answers 410 at the next range request; the overview says the link ended', async () => {
    const { id, token, pass } = await viewedLink();
    const [url] = ((await playback(token, pass)).body as SharePlaybackResponse).recordings;
    expect((await range(url!.url)).status).toBe(206);
    const deleted = await request(recording.url, 'DELETE', apiPaths.recording.recording(segmentId), {
      token: await recording.recruiterToken(org),
    });
    expect(deleted.status).toBe(204);
    expect((await range(url!.url)).status).toBe(410);
    const status = await recording.eventually(async () => {
      const listed = await call('GET', sharingPaths.interviewLinks(interview.liveInterviewId));
      const link = (listed.body.links as { id: string; status: string }[]).find((l) => l.id === id);
      return link?.status === 'ended' ? link.status : undefined;
    }, 'the link to show as ended');
    expect(status).toBe('ended');
  });

  // last: it spends this address's budget of refusals
  it('limits refusals per client address: a guesser gets 429 after 30 in 10 minutes', async () => {
    const created = await call('POST', sharingPaths.interviewLinks(interview.liveInterviewId), { name: 'Guessed' });
    const token = (created.body.path as string).replace(/^\/s\//, '');
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await playback(token, `k1.${'A'.repeat(22)}.${'B'.repeat(43)}`)).status);
    // the suite's earlier refusals (a forged pass, a wrong token, a revoked link) count too
    const refused = statuses.indexOf(429);
    expect(refused).toBeGreaterThan(20);
    expect(statuses.slice(0, refused).every((status) => status === 403)).toBe(true);
    expect(statuses.slice(refused).every((status) => status === 429)).toBe(true);
  });
});
