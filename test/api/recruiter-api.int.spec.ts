// The recruiter API of the embedded composition over real HTTP: sign-up and log-in, jobs with
// read-your-writes, organisation scoping, and the answer to bad input (4xx problem+json, nothing
// written, the server keeps serving). Embedded adapters: PGlite in memory, in-process bus, memory read models.
import { apiPaths, type CommandResult, type JobListResponse, type SignUpResponse } from '@candor/contracts';
import type { EmbeddedCandor } from '@candor/embedded';
import { startTestCandor } from '../support/embedded';

let candor: EmbeddedCandor;

beforeAll(async () => {
  candor = await startTestCandor();
});
afterAll(async () => {
  await candor?.stop();
});

async function call(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; raw?: string; contentType?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined || options.raw !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const response = await fetch(candor.url + path, {
    method,
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

const signUp = async (email: string, organisationName = 'Acme') => {
  const response = await call('POST', apiPaths.identity.signUp, {
    body: { organisationName, name: 'Ada Lovelace', email, password: 'a long enough password' },
  });
  expect(response.status).toBe(201);
  return response.body as SignUpResponse;
};

const newJob = { title: 'Backend engineer', description: 'Kafka and Postgres', questions: [{ text: 'Tell us about a hard bug.' }, { text: 'Why Candor?' }] };

async function totalEvents() {
  const [identity, invite] = await Promise.all([
    candor.stores.identity.readAll({ after: 0, limit: 10_000 }),
    candor.stores.invite.readAll({ after: 0, limit: 10_000 }),
  ]);
  return identity.length + invite.length;
}

describe('accounts', () => {
  it('signs up, logs in, and refuses a duplicate email and wrong passwords alike', async () => {
    const { recruiter, token } = await signUp('Ada@Acme.test');
    expect(recruiter).toMatchObject({ email: 'ada@acme.test', organisationName: 'Acme' });
    const me = await call('GET', apiPaths.identity.me, { token });
    expect(me.body.recruiter.id).toBe(recruiter.id);

    const duplicate = await call('POST', apiPaths.identity.signUp, {
      body: { organisationName: 'Other', name: 'Eve', email: 'ada@acme.test', password: 'another long password' },
    });
    expect(duplicate.status).toBe(409);

    const ok = await call('POST', apiPaths.identity.logIn, { body: { email: 'ADA@acme.test', password: 'a long enough password' } });
    expect(ok.status).toBe(200);
    expect(ok.body.recruiter.organisationId).toBe(recruiter.organisationId);
    const wrongPassword = await call('POST', apiPaths.identity.logIn, { body: { email: 'ada@acme.test', password: 'nope nope nope' } });
    const unknownEmail = await call('POST', apiPaths.identity.logIn, { body: { email: 'nobody@acme.test', password: 'nope nope nope' } });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body.detail).toBe(unknownEmail.body.detail);
  });

  it('stops password guessing on one account after 10 failed log-ins', async () => {
    await signUp('target@guess.test', 'Guess');
    const attempt = (password: string, email = 'target@guess.test') =>
      call('POST', apiPaths.identity.logIn, { body: { email, password } });
    for (let i = 0; i < 10; i++) expect((await attempt(`wrong guess ${i}`)).status).toBe(401);
    const limited = await attempt('wrong guess 10');
    expect(limited.status).toBe(429);
    expect(limited.type).toContain('application/problem+json');
    expect((await attempt('a long enough password')).status).toBe(429);
    // other accounts are unaffected
    expect((await attempt('nope nope nope', 'someone-else@guess.test')).status).toBe(401);
    // and the owner, from their own address, is not locked out by the stranger's guesses
    const fromOwner = await call('POST', apiPaths.identity.logIn, {
      body: { email: 'target@guess.test', password: 'a long enough password' },
      headers: { 'x-forwarded-for': '198.51.100.7' },
    });
    expect(fromOwner.status).toBe(200);
  });

  it('limits sign-ups per client address (20 an hour), apart for each address', async () => {
    const from = (address: string, n: number) =>
      call('POST', apiPaths.identity.signUp, {
        body: { organisationName: `Spam ${n}`, name: 'S', email: `spam-${address}-${n}@spam.test`, password: 'a long enough password' },
        headers: { 'x-forwarded-for': address },
      });
    for (let n = 0; n < 20; n++) expect((await from('203.0.113.9', n)).status).toBe(201);
    const limited = await from('203.0.113.9', 20);
    expect(limited.status).toBe(429);
    expect(limited.type).toContain('application/problem+json');
    expect((await from('203.0.113.10', 0)).status).toBe(201);
  });

  it('keeps the password hash out of every answer and off the bus', async () => {
    const { token } = await signUp('grace@navy.test', 'Navy');
    const me = await call('GET', apiPaths.identity.me, { token });
    expect(JSON.stringify(me.body)).not.toMatch(/scrypt|password/i);
  });
});

describe('jobs', () => {
  it('creates a job and lists it on the very next read (read-your-writes)', async () => {
    const { token } = await signUp('lin@jobs.test', 'Jobs Inc');
    const created = await call('POST', apiPaths.invite.jobs, { token, body: newJob });
    expect(created.status).toBe(201);
    const result = created.body as CommandResult;
    const list = await call('GET', `${apiPaths.invite.jobs}?waitFor=${encodeURIComponent(result.waitFor)}`, { token });
    const { jobs, caughtUp } = list.body as JobListResponse;
    expect(caughtUp).toBe(true);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ id: result.id, title: 'Backend engineer', status: 'active' });
    expect(jobs[0]!.questions.map((question) => question.text)).toEqual(['Tell us about a hard bug.', 'Why Candor?']);
  });

  it('edits a job keeping question ids, deactivates and filters by status', async () => {
    const { token } = await signUp('mo@edit.test', 'Edit Co');
    const { body: created } = await call('POST', apiPaths.invite.jobs, { token, body: newJob });
    const { body: read } = await call('GET', `${apiPaths.invite.job(created.id)}?waitFor=${created.waitFor}`, { token });
    const [first] = read.job.questions;
    const edited = await call('PUT', apiPaths.invite.job(created.id), {
      token,
      body: { title: 'Staff engineer', description: '', questions: [first, { text: 'A new question' }] },
    });
    expect(edited.status).toBe(200);
    const deactivated = await call('POST', apiPaths.invite.deactivateJob(created.id), { token });
    const { body: after } = await call('GET', `${apiPaths.invite.job(created.id)}?waitFor=${deactivated.body.waitFor}`, { token });
    expect(after.job).toMatchObject({ title: 'Staff engineer', status: 'inactive' });
    expect(after.job.questions[0]).toEqual(first);
    expect((await call('GET', `${apiPaths.invite.jobs}?status=active`, { token })).body.jobs).toHaveLength(0);
    expect((await call('GET', `${apiPaths.invite.jobs}?status=inactive`, { token })).body.jobs).toHaveLength(1);
  });

  it("never shows or changes another organisation's jobs", async () => {
    const owner = await signUp('owner@one.test', 'One');
    const other = await signUp('other@two.test', 'Two');
    const { body: created } = await call('POST', apiPaths.invite.jobs, { token: owner.token, body: newJob });
    await call('GET', `${apiPaths.invite.jobs}?waitFor=${created.waitFor}`, { token: owner.token });
    const before = await totalEvents();
    expect((await call('GET', apiPaths.invite.jobs, { token: other.token })).body.jobs).toEqual([]);
    for (const [method, path, body] of [
      ['GET', apiPaths.invite.job(created.id), undefined],
      ['PUT', apiPaths.invite.job(created.id), newJob],
      ['POST', apiPaths.invite.deactivateJob(created.id), undefined],
    ] as const) {
      const response = await call(method, path, { token: other.token, body });
      expect(response.status).toBe(404);
      expect(response.type).toContain('application/problem+json');
    }
    expect(await totalEvents()).toBe(before);
  });
});

describe('bad input', () => {
  let token: string;
  beforeAll(async () => {
    token = (await signUp('bad@input.test', 'Bad Input')).token;
  });

  const cases: [string, () => ReturnType<typeof call>, number][] = [
    ['malformed JSON', () => call('POST', apiPaths.invite.jobs, { token, raw: '{"title": "x",' }), 400],
    ['wrong types', () => call('POST', apiPaths.invite.jobs, { token, body: { title: 42, questions: 'many' } }), 400],
    ['unknown fields', () => call('POST', apiPaths.invite.jobs, { token, body: { ...newJob, salary: 1e6 } }), 400],
    ['no questions', () => call('POST', apiPaths.invite.jobs, { token, body: { ...newJob, questions: [] } }), 400],
    ['a body that is not JSON', () => call('POST', apiPaths.invite.jobs, { token, raw: 'title=x', contentType: 'text/plain' }), 400],
    ['an oversized body', () => call('POST', apiPaths.invite.jobs, { token, body: { ...newJob, description: 'x'.repeat(200_000) } }), 413],
    ['a JSON array body', () => call('POST', apiPaths.invite.jobs, { token, raw: '[1,2,3]' }), 400],
    ['missing auth', () => call('POST', apiPaths.invite.jobs, { body: newJob }), 401],
    ['a forged token', () => call('GET', apiPaths.invite.jobs, { token: token.slice(0, -4) + 'AAAA' }), 401],
    ['a job id that is not a UUID', () => call('GET', apiPaths.invite.job('not-a-uuid'), { token }), 400],
    ['an unknown job id', () => call('POST', apiPaths.invite.activateJob('6f1c3c1e-4a8e-4d55-9d0e-5c6b1a2b3c4d'), { token }), 404],
    ['an unknown query parameter', () => call('GET', `${apiPaths.invite.jobs}?drop=table`, { token }), 400],
    ['a bad waitFor', () => call('GET', `${apiPaths.invite.jobs}?waitFor=nonsense`, { token }), 400],
    ['a bad sign-up email', () => call('POST', apiPaths.identity.signUp, { body: { organisationName: 'X', name: 'Y', email: 'nope', password: 'long enough password' } }), 400],
    ['an unknown route', () => call('GET', '/api/invite/nothing-here', { token }), 404],
  ];

  it.each(cases)('answers %s with a 4xx problem+json and writes nothing', async (_name, send, status) => {
    const before = await totalEvents();
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.type).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status, title: expect.any(String) });
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts:\d+/); // no stack traces
    expect(await totalEvents()).toBe(before);
  });

  it('names the offending field', async () => {
    const response = await call('POST', apiPaths.invite.jobs, { token, body: { ...newJob, title: '' } });
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'body.title', message: 'title is required' })]);
  });

  it('keeps serving after all of it', async () => {
    expect((await call('GET', '/healthz')).status).toBe(200);
    // and is ready: PGlite, the in-process bus and the documents answer, every consumer runs
    const ready = await call('GET', '/readyz');
    expect(ready.status).toBe(200);
    const checks = (ready.body as { checks: Record<string, { ok: boolean }> }).checks;
    expect(Object.keys(checks)).toEqual(expect.arrayContaining(['database', 'documents', 'broker', 'projection invite.jobs']));
    expect(Object.values(checks).every((check) => check.ok)).toBe(true);
  });
});
