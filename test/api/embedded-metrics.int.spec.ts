// /metrics of the embedded server (every service in one process), in Prometheus text format, as a
// service's own process serves it: scraped before and after real traffic, the request counters move
// by exactly those requests per route template (never a raw path: the job id stays out), the event
// store appends and the outbox backlog are there per service, and the lag of the read models and
// policies is reported and reaches zero once they applied the traffic.
import type { CommandResult, SignUpResponse } from '@candor/contracts';
import { apiPaths } from '@candor/contracts';
import type { EmbeddedCandor } from '@candor/embedded';
import { startTestCandor } from '../support/embedded';
import { request } from '../support/http';
import { sample } from '../platform/prometheus-text';

describe('Prometheus metrics of the embedded server', () => {
  let candor: EmbeddedCandor;
  beforeAll(async () => {
    candor = await startTestCandor();
  }, 60_000);
  afterAll(async () => {
    await candor?.stop();
  });

  const scrape = async () => {
    const response = await fetch(`${candor.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };

  it('counts requests per route template, appends and backlogs per service, and the consumers\u2019 lag', async () => {
    const before = await scrape();
    const requests = (text: string, method: string, route: string, status: string) =>
      sample(text, 'candor_http_requests_total', { method, route, status, service: 'embedded' });
    const appends = (text: string, service: string) => sample(text, 'candor_event_store_appends_total', { service });

    const signUp = await request(candor.url, 'POST', apiPaths.identity.signUp, {
      body: { organisationName: 'Metrics Ltd', name: 'Ada', email: 'ada@metrics.test', password: 'a long enough password' },
    });
    expect(signUp.status).toBe(201);
    const { token } = signUp.body as SignUpResponse;
    const created = await request(candor.url, 'POST', apiPaths.invite.jobs, {
      token,
      body: { title: 'Engineer', questions: [{ text: 'Why?' }] },
    });
    expect(created.status).toBe(201);
    const job = created.body as CommandResult;
    const read = await request(candor.url, 'GET', `${apiPaths.invite.job(job.id)}?waitFor=${encodeURIComponent(job.waitFor)}`, { token });
    expect(read.status).toBe(200);
    const refused = await request(candor.url, 'POST', apiPaths.invite.jobs, { token, body: { title: '' } });
    expect(refused.status).toBe(400);

    const after = await scrape();
    expect(requests(after, 'POST', apiPaths.identity.signUp, '201') - requests(before, 'POST', apiPaths.identity.signUp, '201')).toBe(1);
    expect(requests(after, 'POST', apiPaths.invite.jobs, '201') - requests(before, 'POST', apiPaths.invite.jobs, '201')).toBe(1);
    expect(requests(after, 'POST', apiPaths.invite.jobs, '400') - requests(before, 'POST', apiPaths.invite.jobs, '400')).toBe(1);
    expect(requests(after, 'GET', '/api/invite/jobs/:jobId', '200') - requests(before, 'GET', '/api/invite/jobs/:jobId', '200')).toBe(1);
    // the route's template, never the path that was asked for
    expect(after).not.toContain(job.id);
    // sign-up appends to identity's store, the job to invite's: each counted under its service
    expect(appends(after, 'identity') - appends(before, 'identity')).toBeGreaterThanOrEqual(1);
    expect(appends(after, 'invite') - appends(before, 'invite')).toBe(1);
    for (const service of ['identity', 'invite', 'session', 'notification', 'media', 'recording', 'sharing'])
      expect(after).toMatch(new RegExp(`^candor_outbox_backlog\\{service="${service}"\\} \\d+$`, 'm'));
    expect(after).toMatch(/^candor_projection_lag\{projection="invite\.jobs",service="embedded"\} \d+$/m);
    expect(after).toMatch(/^candor_consumer_lag\{group="policy\.session\.invites",topic="candor\.invite\.events",partition="\d+",service="embedded"\} \d+$/m);
    expect(after).toMatch(/^process_resident_memory_bytes\{service="embedded"\} \d+/m);
    // the services' own metrics, registered by their compositions through the same hook: no room is open
    expect(after).toMatch(/^candor_media_rooms_open\{service="embedded"\} 0$/m);
    expect(after).toMatch(/^candor_notification_email_deliveries_total\{[^}]*outcome="sent"[^}]*\} \d+$/m);

    // the read models and policies apply the traffic: their lag reaches zero (bounded wait)
    let lagged = Infinity;
    for (let tries = 0; tries < 50 && lagged > 0; tries++) {
      const text = await scrape();
      lagged = [...text.matchAll(/^candor_(?:projection|consumer)_lag\{[^}]*\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
      if (lagged > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(lagged).toBe(0);
  }, 60_000);
});
