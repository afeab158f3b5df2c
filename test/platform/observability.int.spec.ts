// deploy/observability: the alert rules and the Grafana dashboard refer only to metrics the services
// really serve (the names come from the registry runtime/src/telemetry/metrics.ts builds, with the
// media and notification services' own metrics registered on it as their compositions do), and are
// structurally sound (parentheses and braces balanced, each rule with the fields Prometheus and the
// on-call need). The rules also pass `promtool check rules` (Prometheus' own parser) when promtool is
// built (deploy/promtool.sh, ~12 min cold: CANDOR_REQUIRE_PROMTOOL=1 builds it; otherwise a loud skip).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { SqlClient } from '@candor/runtime';
import { createServiceMetrics } from '@candor/runtime/distributed';
import { registerLiveRoomMetrics } from '@candor/media/src/live/metrics';
import { registerDeliveryMetrics } from '@candor/notification/src/delivery-metrics';
import { REPO_ROOT } from '../support/infra';

const dir = join(REPO_ROOT, 'deploy', 'observability');
const metricNames = (expr: string) => [...expr.matchAll(/\b((?:candor|process|nodejs)_[a-z0-9_]+)\b/g)].map((match) => match[1]!);

function served(): Set<string> {
  // the registry is only listed, never collected: the SQL client is not called
  const sql = { query: () => Promise.reject(new Error('not collected in this test')) } as unknown as SqlClient;
  const metrics = createServiceMetrics({ service: 'invite', sql, schema: 'invite', lag: () => Promise.reject(new Error('not collected in this test')) });
  registerLiveRoomMetrics(metrics.hook, { census: () => ({ rooms: 0, participants: [] }) });
  registerDeliveryMetrics(metrics.hook);
  const names = new Set<string>();
  for (const metric of metrics.registry.getMetricsAsArray()) {
    const { name, type } = metric as unknown as { name: string; type: string };
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
  }
  return names;
}

function balanced(expr: string): boolean {
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const stack: string[] = [];
  for (const char of expr.replace(/"[^"]*"/g, '""')) {
    if ('([{'.includes(char)) stack.push(char);
    else if (char in pairs && stack.pop() !== pairs[char]) return false;
  }
  return stack.length === 0;
}

describe('deploy/observability', () => {
  const names = served();

  it('serves the metrics the rules and the dashboard are built on', () => {
    for (const name of ['candor_http_requests_total', 'candor_http_request_duration_seconds_bucket', 'candor_event_store_appends_total', 'candor_outbox_backlog', 'process_resident_memory_bytes']) {
      expect([name, names.has(name)]).toEqual([name, true]);
    }
  });

  it('alerts.yaml: every rule is complete, uniquely named, balanced and uses served metrics only', () => {
    const rules = (parse(readFileSync(join(dir, 'alerts.yaml'), 'utf8')) as { groups: { name: string; rules: any[] }[] }).groups.flatMap((group) => group.rules);
    expect(rules.length).toBeGreaterThanOrEqual(4);
    expect(new Set(rules.map((rule) => rule.alert)).size).toBe(rules.length);
    for (const rule of rules) {
      expect([rule.alert, typeof rule.expr, /^\d+[smh]$/.test(rule.for), ['page', 'ticket'].includes(rule.labels?.severity), typeof rule.annotations?.summary]).toEqual([rule.alert, 'string', true, true, 'string']);
      expect([rule.alert, balanced(rule.expr)]).toEqual([rule.alert, true]);
      for (const name of metricNames(rule.expr)) expect([rule.alert, name, names.has(name)]).toEqual([rule.alert, name, true]);
    }
    const exprs = rules.map((rule) => rule.expr).join('\n');
    expect(exprs).toContain('status=~"5.."');
    expect(exprs).toContain('candor_outbox_backlog');
    expect(exprs).toContain('candor_consumer_lag');
    expect(exprs).toContain('candor_projection_lag');
    expect(exprs).toContain('candor_dead_letters_total');
    expect(exprs).toContain('candor_notification_email_deliveries_total');
    expect(exprs).toContain('candor_media_participants');
  });

  const promtoolScript = join(REPO_ROOT, 'deploy', 'promtool.sh');
  const promtoolPath = /^bin="\$root\/(.+)-\$PROMETHEUS_MODULE_VERSION"$/m.exec(readFileSync(promtoolScript, 'utf8'));
  const version = /^PROMETHEUS_MODULE_VERSION=(\S+)$/m.exec(readFileSync(promtoolScript, 'utf8'))?.[1];
  const built = promtoolPath && existsSync(join(REPO_ROOT, `${promtoolPath[1]}-${version}`));
  const withPromtool = built || process.env.CANDOR_REQUIRE_PROMTOOL === '1' ? it : it.skip;
  if (!built && process.env.CANDOR_REQUIRE_PROMTOOL !== '1') console.warn(`\n${'!'.repeat(78)}\nSKIPPED promtool check rules: promtool not built (bash deploy/promtool.sh)\n${'!'.repeat(78)}\n`);
  withPromtool('alerts.yaml passes promtool check rules, which refuses a broken expression', () => {
    const promtool = execFileSync('bash', [promtoolScript], { encoding: 'utf8', timeout: 1_800_000 }).trim();
    const good = spawnSync(promtool, ['check', 'rules', join(dir, 'alerts.yaml')], { encoding: 'utf8' });
    expect([good.status, good.stdout]).toEqual([0, expect.stringContaining('SUCCESS: 10 rules found')]);
    const broken = join(mkdtempSync(join(tmpdir(), 'candor-rules-')), 'alerts.yaml');
    writeFileSync(broken, readFileSync(join(dir, 'alerts.yaml'), 'utf8').replace('max by (service) (candor_outbox_backlog) > 1000', 'max by (service (candor_outbox_backlog) > 1000'));
    expect(spawnSync(promtool, ['check', 'rules', broken], { encoding: 'utf8' }).status).not.toBe(0);
  }, 1_800_000);

  it('grafana-dashboard.json: panels with unique ids query served metrics with balanced expressions', () => {
    const dashboard = JSON.parse(readFileSync(join(dir, 'grafana-dashboard.json'), 'utf8'));
    expect(dashboard.uid).toBe('candor-services');
    const panels: any[] = dashboard.panels;
    expect(new Set(panels.map((panel) => panel.id)).size).toBe(panels.length);
    const used = new Set<string>();
    for (const panel of panels) {
      expect(panel.targets.length).toBeGreaterThan(0);
      for (const target of panel.targets) {
        expect([panel.title, balanced(target.expr)]).toEqual([panel.title, true]);
        for (const name of metricNames(target.expr)) {
          expect([panel.title, name, names.has(name)]).toEqual([panel.title, name, true]);
          used.add(name);
        }
      }
    }
    expect(used.size).toBeGreaterThanOrEqual(4);
    expect(dashboard.templating.list.map((variable: any) => variable.name)).toEqual(['datasource', 'service']);
  });
});
