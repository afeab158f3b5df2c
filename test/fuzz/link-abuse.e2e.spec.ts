// Link abuse against Candor as `npm start` runs it (one process, pages and APIs on one port):
// 10,000 bad tokens — forged in the shape of real ones, truncated, one character changed, expired,
// revoked, re-issued, and valid tokens of another kind (a host link on the candidate page, a share
// link on the interview API, a recruiter session, made-up JWTs) — against every link endpoint: the
// candidate page /i/ and its API, the live pages /join/ and /host/ and the live-link open, the share
// viewer /s/ and its open, and the live room's entry and join (which take live tokens). Expected:
// nothing opens (no 2xx, no page rendered), no 5xx, and meanwhile a legitimate candidate, viewer and
// host at another address open their own links every round without once being refused.
//
// Addresses: the process believes X-Forwarded-For from loopback (TRUST_PROXY's default, and the
// embedded pages' `getClientAddress` is express's req.ip), so this suite plays the reverse proxy and
// says which address each request comes from. Most of the attack is spread over many addresses so
// every token is really judged (a limited address would only get 429s); one address sends its
// share alone and must end up limited, without the legitimate addresses noticing.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  apiPaths,
  sharingPaths,
  type CommandResult,
  type CreateInviteResponse,
  type ScheduleLiveInterviewResponse,
  type SignUpResponse,
} from '@candor/contracts';
import { startCandor, stopCandor, type RunningCandor } from '../browser/support';
import { inPool } from './fuzz-client';

jest.setTimeout(600_000);
const total = Number(process.env.CANDOR_LINK_ABUSE_REQUESTS ?? 10_000);
/** requests one spread-out attacker address sends before the next address takes over */
const perAddress = 12;
const legitAddress = '198.51.100.7';
const greedyAddress = '203.0.113.66';

let candor: RunningCandor;
let dataDir: string;

interface Target {
  name: string;
  /** share of the attack: a page renders HTML on the server and costs several API calls' time */
  weight?: number;
  /** what a bad token is sent as; the answer's status only is judged */
  send(token: string, address: string): Promise<Response>;
}

const headersFor = (address: string, extra: Record<string, string> = {}) => ({ 'x-forwarded-for': address, ...extra });
const page = (prefix: string) => (token: string, address: string) =>
  fetch(`${candor.url}${prefix}${encodeURIComponent(token)}`, { headers: headersFor(address), redirect: 'manual' });
const bearerGet = (path: string) => (token: string, address: string) =>
  fetch(candor.url + path, { headers: headersFor(address, { authorization: `Bearer ${token}` }) });
const postJson =
  (path: string, body: (token: string) => unknown, bearer = false) =>
  (token: string, address: string) =>
    fetch(candor.url + path, {
      method: 'POST',
      headers: headersFor(address, {
        'content-type': 'application/json',
        ...(bearer ? { authorization: `Bearer ${token}` } : {}),
      }),
      body: JSON.stringify(body(token)),
    });

const targets: Target[] = [
  { name: 'page /i/', weight: 1, send: page('/i/') },
  { name: 'page /join/', weight: 1, send: page('/join/') },
  { name: 'page /host/', weight: 1, send: page('/host/') },
  { name: 'page /s/', weight: 1, send: page('/s/') },
  { name: 'GET candidate session', send: bearerGet(apiPaths.session.candidate) },
  { name: 'POST candidate start', send: postJson(apiPaths.session.candidateStart, () => ({}), true) },
  {
    name: 'live-link open (candidate)',
    send: postJson(apiPaths.invite.openLiveLink, (token) => ({ token, role: 'candidate' })),
  },
  { name: 'live-link open (host)', send: postJson(apiPaths.invite.openLiveLink, (token) => ({ token, role: 'host' })) },
  { name: 'share viewer open', send: postJson(sharingPaths.viewerOpen, (token) => ({ token })) },
  { name: 'share viewer view', send: postJson(sharingPaths.viewerView, (token) => ({ token })) },
  {
    name: 'share viewer content',
    send: (token, address) =>
      fetch(candor.url + sharingPaths.viewerContent, { headers: headersFor(address, { 'x-share-token': token }) }),
  },
  { name: 'room entry', send: bearerGet(apiPaths.media.entry) },
  { name: 'room join', send: postJson(apiPaths.media.join, () => ({}), true) },
];

/** The real links of the fixture: the legitimate ones, and those made dead on purpose. */
interface Links {
  recruiter: string;
  candidate: string;
  live: { candidate: string; host: string };
  share: string;
  /** valid links of the same organisation that only the attacker sends, each where it does not open */
  others: { candidate: string; liveCandidate: string; liveHost: string; share: string };
  dead: { name: string; token: string }[];
}

const tokenOf = (path: string) => path.slice(path.indexOf('/', 1) + 1);
const base64url = (bytes: number) => randomBytes(bytes).toString('base64url');
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The same shape (length, dots, character classes), other characters: a forgery that passes format checks. */
function sameShape(token: string): string {
  return token.replace(/[A-Za-z0-9_-]/g, (c) => {
    if (/[0-9]/.test(c)) return String(Math.floor(Math.random() * 10));
    if (/[a-z]/.test(c)) return String.fromCharCode(97 + Math.floor(Math.random() * 26));
    return alphabet[Math.floor(Math.random() * alphabet.length)]!;
  });
}
function oneCharChanged(token: string): string {
  const i = Math.floor(Math.random() * token.length);
  const replacement = alphabet.replace(token[i]!, '')[Math.floor(Math.random() * 63)]!;
  return token.slice(0, i) + replacement + token.slice(i + 1);
}
const truncated = (token: string) => token.slice(0, Math.floor(Math.random() * (token.length - 1)));
const jwt = (header: object, payload: object, signature = base64url(64)) =>
  `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;

/** One bad token of a random kind, and the kind (for the tally). */
function badToken(links: Links): { kind: string; token: string } {
  const valid = [links.candidate, links.live.candidate, links.live.host, links.share];
  const others = Object.values(links.others);
  const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;
  const now = Math.floor(Date.now() / 1000);
  switch (Math.floor(Math.random() * 8)) {
    case 0:
      return { kind: 'forged (same shape)', token: sameShape(pick(valid)) };
    case 1:
      return { kind: 'one character changed', token: oneCharChanged(pick(valid)) };
    case 2:
      return { kind: 'truncated', token: truncated(pick(valid)) };
    case 3: {
      const dead = pick(links.dead);
      return { kind: dead.name, token: dead.token };
    }
    case 4:
      return { kind: 'recruiter session', token: links.recruiter };
    case 5:
      return {
        kind: 'made-up JWT',
        token: pick([
          jwt({ alg: 'none', typ: 'JWT' }, { sub: 'x', role: 'host', exp: now + 3600 }, ''),
          jwt({ alg: 'HS256', typ: 'JWT' }, { sub: 'x', role: 'host', exp: now + 3600 }),
          jwt({ alg: 'EdDSA', kid: 'forged', typ: 'JWT' }, { role: 'candidate', exp: now - 60 }),
        ]),
      };
    case 6:
      return {
        kind: 'random',
        token: pick([
          base64url(32),
          base64url(16),
          base64url(200),
          'x',
          '%00',
          '../../etc/passwd',
          '%F0%9F%92%A5'.repeat(8),
          'é\u00ff',
        ]),
      };
    default:
      // a valid token of one kind is sent, by the loop below, to every endpoint where it does not open.
      // Not the legitimate holders' own tokens: whoever holds a real link may use up its per-link budget
      return { kind: 'valid token of another kind', token: pick(others) };
  }
}

/** Which valid token each target really opens (those targets are skipped for that token). */
function opens(links: Links, target: string, token: string): boolean {
  const { others } = links;
  if (token === links.candidate || token === others.candidate)
    return ['page /i/', 'GET candidate session', 'POST candidate start'].includes(target);
  if (token === links.live.candidate || token === others.liveCandidate)
    return ['page /join/', 'live-link open (candidate)'].includes(target);
  if (token === links.live.host || token === others.liveHost)
    return ['page /host/', 'live-link open (host)'].includes(target);
  // the viewer's content needs the viewing-session cookie as well: the token alone opens nothing there
  if (token === links.share || token === others.share)
    return ['page /s/', 'share viewer open', 'share viewer view'].includes(target);
  return false;
}

async function fixture(): Promise<Links> {
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const response = await fetch(candor.url + path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
        'x-forwarded-for': '192.0.2.1',
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const signUp = await call('POST', apiPaths.identity.signUp, undefined, {
    organisationName: 'Abuse Ltd',
    name: 'Ada Lovelace',
    email: 'ada@abuse.test',
    password: 'a long enough password',
  });
  expect(signUp.status).toBe(201);
  const recruiter = (signUp.body as SignUpResponse).token;
  const job = await call('POST', apiPaths.invite.jobs, recruiter, {
    title: 'Target',
    description: 'x',
    questions: [{ text: 'Why?' }],
  });
  expect(job.status).toBe(201);
  const jobId = (job.body as CommandResult).id;
  await call(
    'GET',
    `${apiPaths.invite.job(jobId)}?waitFor=${encodeURIComponent((job.body as CommandResult).waitFor)}`,
    recruiter,
  );
  const invite = async (email: string) => {
    const created = await call('POST', apiPaths.invite.invites, recruiter, { jobId, candidateEmail: email });
    expect(created.status).toBe(201);
    return created.body as CreateInviteResponse;
  };
  const legit = await invite('grace@abuse.test');
  const otherInvite = await invite('other@abuse.test');
  const revoked = await invite('revoked@abuse.test');
  expect((await call('POST', apiPaths.invite.revokeInvite(revoked.id), recruiter)).status).toBeLessThan(300);
  const reissued = await invite('reissued@abuse.test');
  expect((await call('POST', apiPaths.invite.reissueInvite(reissued.id), recruiter)).status).toBeLessThan(300);
  const expiring = await invite('expired@abuse.test');
  const expiresAt = new Date(Date.now() + 2_000).toISOString();
  expect((await call('PUT', apiPaths.invite.inviteExpiry(expiring.id), recruiter, { expiresAt })).status).toBeLessThan(
    300,
  );

  const template = await call('POST', apiPaths.invite.liveTemplates, recruiter, { name: 'Live', durationMinutes: 30 });
  const schedule = async (email: string) => {
    const scheduled = await call('POST', apiPaths.invite.liveInterviews, recruiter, {
      templateId: (template.body as CommandResult).id,
      candidateName: 'Grace',
      candidateEmail: email,
      startsAt: `${new Date().getUTCFullYear() + 1}-01-15T10:00`,
      timeZone: 'UTC',
    });
    expect(scheduled.status).toBe(201);
    return scheduled.body as ScheduleLiveInterviewResponse;
  };
  const live = await schedule('grace@abuse.test');
  const otherLive = await schedule('other-live@abuse.test');
  const revokedLive = await schedule('revoked-live@abuse.test');
  for (const role of ['candidate', 'host'])
    expect(
      (await call('POST', apiPaths.invite.revokeLiveLink(revokedLive.id), recruiter, { role })).status,
    ).toBeLessThan(300);
  const cancelled = await schedule('cancelled@abuse.test');
  expect((await call('POST', apiPaths.invite.cancelLive(cancelled.id), recruiter)).status).toBeLessThan(300);

  const quickShare = async (liveInterviewId: string) => {
    let quick = await call('POST', sharingPaths.quickShare(liveInterviewId), recruiter);
    for (let tries = 0; quick.status === 404 && tries < 200; tries++) {
      await sleep(25);
      quick = await call('POST', sharingPaths.quickShare(liveInterviewId), recruiter);
    }
    expect(quick.status).toBe(201);
    return quick.body as { id: string; path: string };
  };
  const share = await quickShare(live.id);
  const otherShare = await quickShare(otherLive.id);
  const deletedShare = await quickShare(live.id);
  expect((await call('DELETE', sharingPaths.link(deletedShare.id), recruiter)).status).toBeLessThan(300);
  await sleep(Math.max(0, Date.parse(expiresAt) - Date.now() + 200));

  return {
    recruiter,
    candidate: tokenOf(legit.link.path),
    live: { candidate: tokenOf(live.links.candidate!.path), host: tokenOf(live.links.host!.path) },
    share: tokenOf(share.path),
    others: {
      candidate: tokenOf(otherInvite.link.path),
      liveCandidate: tokenOf(otherLive.links.candidate!.path),
      liveHost: tokenOf(otherLive.links.host!.path),
      share: tokenOf(otherShare.path),
    },
    dead: [
      { name: 'revoked invite', token: tokenOf(revoked.link.path) },
      { name: 're-issued invite (old token)', token: tokenOf(reissued.link.path) },
      { name: 'expired invite', token: tokenOf(expiring.link.path) },
      { name: 'revoked live candidate link', token: tokenOf(revokedLive.links.candidate!.path) },
      { name: 'revoked live host link', token: tokenOf(revokedLive.links.host!.path) },
      { name: 'cancelled interview candidate link', token: tokenOf(cancelled.links.candidate!.path) },
      { name: 'cancelled interview host link', token: tokenOf(cancelled.links.host!.path) },
      { name: 'deleted share link', token: tokenOf(deletedShare.path) },
    ],
  };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'candor-link-abuse-'));
  candor = await startCandor(dataDir);
});

afterAll(async () => {
  if (candor) await stopCandor(candor);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test(`${total} bad tokens against every link endpoint: none opens, no 5xx, the legitimate holders are never refused`, async () => {
  const fixtureStarted = Date.now();
  const links = await fixture();

  // the legitimate holders at their own address, one round every 2 s while the attack runs
  const legitRounds: { name: string; status: number }[][] = [];
  let attacking = true;
  const legitimate = (async () => {
    while (attacking) {
      legitRounds.push(
        await Promise.all([
          page('/i/')(links.candidate, legitAddress).then((r) => ({ name: 'candidate page', status: r.status })),
          bearerGet(apiPaths.session.candidate)(links.candidate, legitAddress).then((r) => ({
            name: 'candidate API',
            status: r.status,
          })),
          postJson(apiPaths.invite.openLiveLink, (token) => ({ token, role: 'candidate' }))(
            links.live.candidate,
            legitAddress,
          ).then((r) => ({
            name: 'live candidate open',
            status: r.status,
          })),
          postJson(apiPaths.invite.openLiveLink, (token) => ({ token, role: 'host' }))(
            links.live.host,
            legitAddress,
          ).then((r) => ({
            name: 'live host open',
            status: r.status,
          })),
          postJson(sharingPaths.viewerOpen, (token) => ({ token }))(links.share, legitAddress).then((r) => ({
            name: 'share open',
            status: r.status,
          })),
        ]),
      );
      await sleep(2_000);
    }
  })();

  // the attack: (target, token, address) triples; a valid token is never sent where it really opens
  const attack: { target: Target; kind: string; token: string; address: string }[] = [];
  const wheel = targets.flatMap((target) => Array.from({ length: target.weight ?? 3 }, () => target));
  while (attack.length < total) {
    const { kind, token } = badToken(links);
    const target = wheel[attack.length % wheel.length]!;
    if (opens(links, target.name, token)) continue;
    const n = attack.length;
    // one greedy address sends every 10th request; the rest rotate through fresh addresses
    const address =
      n % 10 === 0
        ? greedyAddress
        : `10.${(n >> 16) & 255}.${(Math.floor(n / perAddress) >> 8) & 255}.${Math.floor(n / perAddress) & 255}`;
    attack.push({ target, kind, token, address });
  }
  const started = Date.now();
  console.log(`link abuse: fixture ready in ${started - fixtureStarted} ms`);
  const outcomes = await inPool(attack, 16, async (a) => {
    const response = await a.target.send(a.token, a.address);
    const body = await response.text();
    return { ...a, status: response.status, body: body.slice(0, 200) };
  }).finally(() => {
    attacking = false;
  });
  await legitimate;
  const ms = Date.now() - started;

  const opened = outcomes.filter((o) => o.status < 300 || (o.status >= 300 && o.status < 400));
  const failed = outcomes.filter((o) => o.status >= 500);
  const tally = (key: (o: (typeof outcomes)[number]) => string) =>
    Object.fromEntries(
      [...outcomes.reduce((m, o) => m.set(key(o), (m.get(key(o)) ?? 0) + 1), new Map<string, number>())].sort(),
    );
  const greedy = outcomes.filter((o) => o.address === greedyAddress);
  const refusedLegit = legitRounds.flat().filter((r) => r.status !== 200);
  console.log(
    `link abuse: ${outcomes.length} bad tokens in ${ms} ms; statuses ${JSON.stringify(tally((o) => String(o.status)))}; ` +
      `by kind ${JSON.stringify(tally((o) => o.kind))}; greedy address ${JSON.stringify(
        Object.fromEntries(
          greedy.reduce((m, o) => m.set(o.status, (m.get(o.status) ?? 0) + 1), new Map<number, number>()),
        ),
      )}; legitimate rounds ${legitRounds.length} (${legitRounds.flat().length} opens, ${refusedLegit.length} refused)`,
  );

  expect(opened.map((o) => `${o.target.name} ${o.kind} → ${o.status}`)).toEqual([]);
  expect(failed.map((o) => `${o.target.name} ${o.kind} → ${o.status} ${o.body}`).slice(0, 10)).toEqual([]);
  expect(outcomes).toHaveLength(total);
  // the spread attack was judged, not just limited: most answers are refusals of the link itself
  expect(
    outcomes.filter((o) => o.address !== greedyAddress && [400, 401, 404, 410].includes(o.status)).length,
  ).toBeGreaterThan(total * 0.8);
  // the greedy address ran out: once its refusals are spent (30 per service in 10 minutes), its requests to
  // the rate-limited services are all answered 429 (the room's entry and join take live tokens, which are
  // signed and checked without a database; they have no link limiter)
  const limited = greedy.filter((o) => !o.target.name.startsWith('room '));
  expect(limited.some((o) => o.status === 429)).toBe(true);
  if (limited.length >= 400)
    expect(limited.slice(-100).filter((o) => o.status === 429).length).toBeGreaterThanOrEqual(95);
  expect(legitRounds.length).toBeGreaterThan(2);
  expect(refusedLegit).toEqual([]);
});
