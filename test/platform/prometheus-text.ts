// Reading Prometheus text format in tests: one sample's value by metric name and labels.

/** The value of one sample, by metric name and exact labels (order as given); 0 when absent. */
export function sample(text: string, name: string, labels: Record<string, string>): number {
  return sampleIfPresent(text, name, labels) ?? 0;
}

/** The value of one sample, undefined when no such series is served (to tell 0 from absent). */
export function sampleIfPresent(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const match = /^([^{ ]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}
