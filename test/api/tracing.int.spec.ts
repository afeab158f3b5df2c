// One trace spans a whole command: the HTTP request that created a job, the command and its append,
// the relay's publish of the outbox, and the projection that applied the event. The trace context
// travels in the event's metadata and in the bus message's headers (the same headers over Kafka:
// see test/contracts/projection-tracing.int.spec.ts). Spans carry the masked path, never a token.
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { apiPaths, type CommandResult, type CreateInviteResponse } from '@candor/contracts';
import type { EmbeddedCandor } from '@candor/embedded';
import { startTestCandor } from '../support/embedded';

const exporter = new InMemorySpanExporter();
let candor: EmbeddedCandor;

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  candor = await startTestCandor();
});
afterAll(async () => {
  await candor?.stop();
  trace.disable();
  context.disable();
});

it('carries one trace from the HTTP command to the projection', async () => {
  const signUp = await fetch(candor.url + apiPaths.identity.signUp, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organisationName: 'Trace Co', name: 'Tess', email: 'tess@trace.test', password: 'long enough password' }),
  });
  const { token } = (await signUp.json()) as { token: string };
  exporter.reset();

  const callerTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const created = await fetch(candor.url + apiPaths.invite.jobs, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      traceparent: `00-${callerTraceId}-00f067aa0ba902b7-01`,
    },
    body: JSON.stringify({ title: 'Traced job', questions: [{ text: 'Q?' }] }),
  });
  const result = (await created.json()) as CommandResult;
  const list = await fetch(`${candor.url}${apiPaths.invite.jobs}?waitFor=${result.waitFor}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(((await list.json()) as { caughtUp: boolean }).caughtUp).toBe(true);

  const spans = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === callerTraceId);
  const names = spans.map((span) => span.name);
  expect(names).toEqual(
    expect.arrayContaining(['HTTP POST', 'command CreateJob', 'projection invite.jobs']),
  );
  expect(names.some((name) => /append/i.test(name))).toBe(true);
  expect(names.some((name) => /publish/i.test(name))).toBe(true);
});

it('puts the masked path in the spans, never a capability token', async () => {
  const signUp = await fetch(candor.url + apiPaths.identity.signUp, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organisationName: 'Mask Co', name: 'Max', email: 'max@mask.test', password: 'long enough password' }),
  });
  const { token } = (await signUp.json()) as { token: string };
  const recruiter = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const job = (await (
    await fetch(candor.url + apiPaths.invite.jobs, { method: 'POST', headers: recruiter, body: JSON.stringify({ title: 'Masked', questions: [{ text: 'Q?' }] }) })
  ).json()) as CommandResult;
  const invited = (await (
    await fetch(candor.url + apiPaths.invite.invites, { method: 'POST', headers: recruiter, body: JSON.stringify({ jobId: job.id, candidateEmail: 'c@mask.test' }) })
  ).json()) as CreateInviteResponse;
  const linkPath = invited.link.path;
  const linkToken = linkPath.slice('/i/'.length);
  exporter.reset();

  // the candidate's page (and the live pages) carry the token in the path; the API in the header
  for (const path of [linkPath, `/join/${linkToken}`, `/host/${linkToken}/lobby`]) await fetch(candor.url + path);
  await fetch(candor.url + apiPaths.session.candidate, { headers: { authorization: `Bearer ${linkToken}` } });

  const spans = exporter.getFinishedSpans();
  const paths = spans.map((span) => span.attributes['url.path']).filter((path) => path !== undefined);
  expect(paths).toEqual(
    expect.arrayContaining(['/i/[redacted]', '/join/[redacted]', '/host/[redacted]/lobby', apiPaths.session.candidate]),
  );
  const recorded = JSON.stringify(spans.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events })));
  for (const part of [linkToken, ...linkToken.split('.').filter((piece) => piece.length > 20)]) {
    expect(recorded).not.toContain(part);
  }
});
