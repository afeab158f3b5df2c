// deploy/observability: the alert rules and the Grafana dashboard refer only to metrics the services
// really serve (the names come from the registry runtime/src/telemetry/metrics.ts builds), and are
// structurally sound (promtool is not built here: no PromQL parser, so parentheses and braces are
// checked for balance, and each rule has the fields Prometheus and the on-call need).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { SqlClient } from '@candor/runtime';
import { createServiceMetrics } from '@candor/runtime/distributed';
import { REPO_ROOT } from '../support/infra';

const dir = join(REPO_ROOT, 'deploy', 'observability');
const metricNames = (expr: string) => [...expr.matchAll(/\b((?:candor|process|nodejs)_[a-z0-9_]+)\b/g)].map((match) => match[1]!);

function served(): Set<string> {
  // the registry is only listed, never collected: the SQL client is not called
  const sql = { query: () => Promise.reject(new Error('not collected in this test')) } as unknown as SqlClient;
  const metrics = createServiceMetrics({ service: 'invite', sql, schema: 'invite' });
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
  });

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
