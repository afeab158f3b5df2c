// Share links in the embedded composition (what `npm start` runs): a live interview scheduled
// through the invite API reaches the sharing service over the in-process bus, Quick Share makes a
// link, the viewer's page counts one view, and after a restart on the same data folder the link,
// its count and the organisation's audit log (verified) are all still there.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { apiPaths, sharingPaths, type CommandResult, type SignUpResponse } from '@candor/contracts';
import { embeddedEnv, startEmbedded, type EmbeddedCandor } from '@candor/embedded';
import { createLogger, loadConfig } from '@candor/runtime';
import { verifyAuditLog } from '@candor/sharing';
import { request } from '../support/http';

const dataDir = mkdtempSync(join(tmpdir(), 'candor-sharing-'));
const start = () =>
  startEmbedded(
    loadConfig(embeddedEnv, { PORT: '0', LOG_LEVEL: 'silent', CANDOR_DATA_DIR: dataDir, CANDOR_DEMO: 'off' }),
    {
      logger: createLogger('test', 'silent'),
    },
  );
let candor: EmbeddedCandor | undefined;

afterAll(async () => {
  await candor?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('an interview scheduled through the invite API can be shared, viewed, and survives a restart', async () => {
  candor = await start();
  const call = (method: string, path: string, options?: Parameters<typeof request>[3]) =>
    request(candor!.url, method, path, options);
  const signedUp = await call('POST', apiPaths.identity.signUp, {
    body: { organisationName: 'One', name: 'Ada Lovelace', email: 'ada@one.test', password: 'a long enough password' },
  });
  const { token } = signedUp.body as SignUpResponse;
  const template = await call('POST', apiPaths.invite.liveTemplates, {
    token,
    body: { name: 'Technical interview', durationMinutes: 45 },
  });
  const scheduled = await call('POST', apiPaths.invite.liveInterviews, {
    token,
    body: {
      templateId: (template.body as CommandResult).id,
      candidateName: 'Grace Hopper',
      candidateEmail: 'grace@navy.test',
      startsAt: `${new Date().getFullYear() + 1}-01-15T10:00`,
      timeZone: 'America/New_York',
    },
  });
  expect(scheduled.status).toBe(201);
  const liveInterviewId = (scheduled.body as { id: string }).id;

  // the sharing service hears of the interview through its policy, a moment after the command
  let quick = await call('POST', sharingPaths.quickShare(liveInterviewId), { token });
  for (let tries = 0; quick.status === 404 && tries < 100; tries++) {
    await sleep(20);
    quick = await call('POST', sharingPaths.quickShare(liveInterviewId), { token });
  }
  expect(quick.status).toBe(201);
  const shareToken = (quick.body.path as string).slice('/s/'.length);

  const viewed = await call('POST', sharingPaths.viewerView, { body: { token: shareToken } });
  expect(viewed.status).toBe(200);
  expect(viewed.body.content).toMatchObject({
    candidateName: 'Grace',
    pageTitle: 'Interview with Grace',
    interviewTitle: 'Technical interview',
  });
  expect(JSON.stringify(viewed.body)).not.toMatch(/Hopper|@/);

  await candor.stop();
  candor = await start();
  const list = await call('GET', sharingPaths.interviewLinks(liveInterviewId), { token });
  expect(list.body.links).toEqual([
    expect.objectContaining({ id: quick.body.id, path: quick.body.path, views: 1, maxViews: 5, status: 'active' }),
  ]);
  expect((await call('POST', sharingPaths.viewerOpen, { body: { token: shareToken } })).status).toBe(200);

  const exported = await fetch(candor.url + sharingPaths.auditExport, {
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await exported.text();
  expect(verifyAuditLog(text)).toEqual({ ok: true, entries: 2, head: exported.headers.get('candor-audit-head') });
  expect(
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line).type),
  ).toEqual(['sharing.ShareLinkCreated.v1', 'sharing.ShareLinkViewed.v1']);
}, 120_000);
