// Property-based fuzzing of every HTTP operation of the embedded server, driven by the OpenAPI
// document it serves (GET /api/openapi.json, generated from the routes' zod schemas). Two properties:
//   1. valid-shaped requests (bodies and queries built from the schemas, unicode and nasty strings in
//      every free-text place, real and made-up ids, with and without credentials) never get a 5xx;
//   2. malformed requests (JSON that does not parse, a wrong content type, a missing required field,
//      a field of the wrong type, an unknown field, a string past its limit; or no / a forged
//      recruiter session) are always refused with a 4xx problem+json, and write nothing: the number
//      of events in every store is the same after them as before.
// Afterwards the server still serves. Requests are generated with fast-check from a fixed seed
// (CANDOR_FUZZ_SEED to replay another): CANDOR_FUZZ_RUNS valid-shaped cases per operation (default
// 500) and three times as many malformed ones per operation with a body or a recruiter session —
// 2,000 requests per writing operation (about 200 s together on 2 cores that nothing else loads;
// the counts are printed);
// a failure names the operation, the case and the seed.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import {
  apiPaths,
  type CommandResult,
  type CreateInviteResponse,
  type ScheduleLiveInterviewResponse,
  type SignUpResponse,
} from '@candor/contracts';
import type { EmbeddedCandor } from '@candor/embedded';
import { startTestCandor } from '../support/embedded';
import { request } from '../support/http';
import {
  eventCount,
  inPool,
  operationsOf,
  send,
  settledEventCount,
  type FuzzAnswer,
  type FuzzCase,
  type Operation,
} from './fuzz-client';
import { malformedBody, nastyString, shapedBy, type Hints } from './schema-arbitraries';

const runs = Number(process.env.CANDOR_FUZZ_RUNS ?? 500);
/** malformed cases are refused before any work, so three times as many fit in the same time */
const malformedRuns = 3 * runs;
const seed = Number(process.env.CANDOR_FUZZ_SEED ?? 20261203);
const inFlight = 12;
jest.setTimeout(1_200_000);

let candor: EmbeddedCandor;
let operations: Operation[];
let recruiter: string;
const hints: Hints = { ids: [] };
const linkTokens: string[] = [];

/** A recruiter with a job, an invite, a live template and a live interview: ids the fuzzer can aim at. */
async function fixtures(url: string) {
  const call = (method: string, path: string, options?: Parameters<typeof request>[3]) =>
    request(url, method, path, options);
  const signUp = await call('POST', apiPaths.identity.signUp, {
    body: {
      organisationName: 'Fuzz Ltd',
      name: 'Ada Lovelace',
      email: 'ada@fuzz.test',
      password: 'a long enough password',
    },
  });
  expect(signUp.status).toBe(201);
  const token = (signUp.body as SignUpResponse).token;
  const job = await call('POST', apiPaths.invite.jobs, {
    token,
    body: { title: 'Fuzzer', description: 'x', questions: [{ text: 'Why?' }] },
  });
  expect(job.status).toBe(201);
  const jobId = (job.body as CommandResult).id;
  const read = await call(
    'GET',
    `${apiPaths.invite.job(jobId)}?waitFor=${encodeURIComponent((job.body as CommandResult).waitFor)}`,
    { token },
  );
  const questionIds = (read.body.job.questions as { id: string }[]).map((q) => q.id);
  const invite = await call('POST', apiPaths.invite.invites, {
    token,
    body: { jobId, candidateEmail: 'grace@fuzz.test' },
  });
  expect(invite.status).toBe(201);
  const created = invite.body as CreateInviteResponse;
  const template = await call('POST', apiPaths.invite.liveTemplates, {
    token,
    body: { name: 'Live', durationMinutes: 30 },
  });
  expect(template.status).toBe(201);
  const templateId = (template.body as CommandResult).id;
  const live = await call('POST', apiPaths.invite.liveInterviews, {
    token,
    body: {
      templateId,
      candidateName: 'Grace',
      candidateEmail: 'grace@fuzz.test',
      startsAt: `${new Date().getUTCFullYear() + 1}-01-15T10:00`,
      timeZone: 'UTC',
    },
  });
  expect(live.status).toBe(201);
  const scheduled = live.body as ScheduleLiveInterviewResponse;
  hints.ids.push(jobId, created.id, templateId, scheduled.id, ...questionIds);
  linkTokens.push(created.link.path.slice('/i/'.length));
  for (const link of Object.values(scheduled.links))
    if (link) linkTokens.push(link.path.slice(link.path.indexOf('/', 1) + 1));
  return token;
}

/** Path parameters: the fixtures' ids, made-up ids, and strings no id looks like. */
const paramArb = () =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...hints.ids) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: nastyString(80).filter((s) => s.length > 0 && !/[\ud800-\udfff]/.test(s)) },
    { weight: 1, arbitrary: fc.constantFrom('..', '.', '%2e%2e', 'a'.repeat(5_000)) },
  );

/** What goes in Authorization: the recruiter's session, a link token, garbage, or nothing. */
const authArb = (op: Operation) =>
  op.recruiter
    ? fc.oneof(
        { weight: 8, arbitrary: fc.constant(`Bearer ${recruiter}`) },
        { weight: 1, arbitrary: fc.constant(undefined) },
      )
    : fc.oneof(
        fc.constant(undefined),
        fc.constantFrom(...linkTokens).map((t) => `Bearer ${t}`),
        fc.constantFrom(`Bearer ${recruiter}`),
        fc
          .string({ maxLength: 300 })
          .filter((s) => /^[\t\x20-\x7e]*$/.test(s))
          .map((s) => `Bearer ${s}`),
      );

function paramsArb(op: Operation): fc.Arbitrary<Record<string, string>> {
  return fc.record(Object.fromEntries(op.pathParams.map((name) => [name, paramArb()])));
}

/** Valid-shaped cases of one operation. Log-out is sent without the fuzzer's own session (it would end it). */
function shapedCase(op: Operation): fc.Arbitrary<FuzzCase> {
  const logOut = op.path === apiPaths.identity.logOut;
  return fc.record({
    params: paramsArb(op),
    query: op.query ? (shapedBy(op.query, hints) as fc.Arbitrary<Record<string, unknown>>) : fc.constant(undefined),
    raw: op.body ? shapedBy(op.body, hints).map((value) => JSON.stringify(value)) : fc.constant(undefined),
    authorization: logOut ? fc.constant(undefined) : authArb(op),
  }) as fc.Arbitrary<FuzzCase>;
}

/** Cases no operation may accept: a malformed body, or a recruiter operation without a session. */
function malformedCase(op: Operation): fc.Arbitrary<FuzzCase> | undefined {
  const options: fc.Arbitrary<FuzzCase>[] = [];
  const base = {
    params: paramsArb(op),
    query: op.query ? (shapedBy(op.query, hints) as fc.Arbitrary<Record<string, unknown>>) : fc.constant(undefined),
  };
  if (op.body)
    options.push(
      fc
        .record({
          ...base,
          body: malformedBody(op.body, hints),
          authorization: op.recruiter ? fc.constant(`Bearer ${recruiter}`) : authArb(op),
        })
        .map(
          ({ body, ...rest }) =>
            ({ ...rest, raw: body.raw, contentType: body.contentType, mutation: body.mutation }) as FuzzCase,
        ),
    );
  if (op.recruiter && op.path !== apiPaths.identity.logOut)
    options.push(
      fc
        .record({
          ...base,
          authorization: fc.oneof(
            fc.constant(undefined),
            fc.constant(`Bearer ${recruiter.slice(0, -4)}AAAA`),
            fc.constant(`Bearer ${recruiter.split('.').slice(0, 2).join('.')}.`),
            fc.constant(`Basic ${Buffer.from('ada@fuzz.test:a long enough password').toString('base64')}`),
            fc.constantFrom(...linkTokens).map((t) => `Bearer ${t}`),
            fc.constant(`Bearer ${randomBytes(32).toString('base64url')}`),
          ),
        })
        .map(
          (c) =>
            ({
              ...c,
              mutation: `recruiter operation with ${c.authorization?.split(' ')[0] ?? 'no'} credentials`,
            }) as FuzzCase,
        ),
    );
  return options.length ? fc.oneof(...options) : undefined;
}

const label = (op: Operation) => `${op.method} ${op.path}`;
const describeCase = (op: Operation, fuzz: FuzzCase, answer: FuzzAnswer) =>
  `${label(op)} → ${answer.status} ${answer.contentType} (seed ${seed}) ${JSON.stringify({ ...fuzz, raw: fuzz.raw?.slice(0, 300) })}`;

/** Sends every case of every operation; returns the failures `bad` names and the totals. */
async function fuzz(
  cases: (op: Operation) => fc.Arbitrary<FuzzCase> | undefined,
  numRuns: number,
  bad: (answer: FuzzAnswer) => boolean,
) {
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  const slowest: [string, number][] = [];
  let sent = 0;
  for (const [index, op] of operations.entries()) {
    const arb = cases(op);
    if (!arb) continue;
    const generated = fc.sample(arb, { numRuns, seed: seed + index });
    const opStarted = Date.now();
    await inPool(generated, inFlight, async (fuzzCase) => {
      const answer = await send(candor.url, op, fuzzCase);
      sent++;
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      if (bad(answer) && failures.length < 20) failures.push(describeCase(op, fuzzCase, answer));
    });
    slowest.push([label(op), Date.now() - opStarted]);
  }
  slowest.sort(([, a], [, b]) => b - a);
  return {
    failures,
    sent,
    statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
    slowest: slowest
      .slice(0, 5)
      .map(([name, ms]) => `${name} ${ms} ms`)
      .join('; '),
  };
}

beforeAll(async () => {
  candor = await startTestCandor();
  recruiter = await fixtures(candor.url);
  const document = await request(candor.url, 'GET', '/api/openapi.json');
  expect(document.status).toBe(200);
  operations = operationsOf(document.body);
}, 120_000);

afterAll(async () => {
  await candor?.stop();
});

describe('fuzzing every operation of the embedded server from its OpenAPI document', () => {
  it('serves a document with every service, its operations, and the contracts’ body schemas', () => {
    const services = new Set(operations.map((op) => op.path.split('/')[2]));
    expect([...services].sort()).toEqual([
      'identity',
      'invite',
      'media',
      'notification',
      'recording',
      'session',
      'sharing',
    ]);
    const createJob = operations.find((op) => op.method === 'POST' && op.path === apiPaths.invite.jobs);
    expect(createJob?.recruiter).toBe(true);
    expect(createJob?.body?.additionalProperties).toBe(false);
    expect(createJob?.body?.required).toEqual(expect.arrayContaining(['title']));
    expect(operations.find((op) => op.path === '/api/invite/jobs/{jobId}' && op.method === 'PUT')?.pathParams).toEqual([
      'jobId',
    ]);
    expect(operations.length).toBeGreaterThan(60);
  });

  it('answers valid-shaped requests to every operation without one 5xx', async () => {
    const started = Date.now();
    const result = await fuzz(
      shapedCase,
      runs,
      (answer) =>
        answer.status >= 500 || (answer.status >= 400 && !answer.contentType.startsWith('application/problem+json')),
    );
    console.log(
      `fuzz (valid-shaped): ${result.sent} requests to ${operations.length} operations in ${Date.now() - started} ms; statuses ${JSON.stringify(result.statuses)}; slowest ${result.slowest}`,
    );
    expect(result.failures).toEqual([]);
  });

  it('refuses every malformed request with a 4xx problem+json and writes nothing', async () => {
    const before = await settledEventCount(candor);
    const started = Date.now();
    const result = await fuzz(
      malformedCase,
      malformedRuns,
      (answer) =>
        answer.status < 400 || answer.status >= 500 || !answer.contentType.startsWith('application/problem+json'),
    );
    console.log(
      `fuzz (malformed): ${result.sent} requests in ${Date.now() - started} ms; statuses ${JSON.stringify(result.statuses)}; slowest ${result.slowest}`,
    );
    expect(result.failures).toEqual([]);
    expect(result.sent).toBeGreaterThan(malformedRuns * 40);
    expect(await eventCount(candor)).toBe(before);
  });

  it('still serves afterwards: health, a recruiter read and a new command', async () => {
    expect((await request(candor.url, 'GET', '/healthz')).status).toBe(200);
    expect((await request(candor.url, 'GET', apiPaths.invite.jobs, { token: recruiter })).status).toBe(200);
    const created = await request(candor.url, 'POST', apiPaths.invite.jobs, {
      token: recruiter,
      body: { title: 'After the fuzz', description: 'x', questions: [{ text: 'Still there?' }] },
    });
    expect(created.status).toBe(201);
  });
});
