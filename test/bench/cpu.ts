// CPU seconds used by the servers on this machine (Linux /proc), to see where a 2-core box spends
// its time during a phase. Sums every process of a name, including other people's load on it.
import { readdirSync, readFileSync } from 'node:fs';

const groups: Record<string, RegExp> = {
  postgres: /^postgres$/,
  kafka: /^java$/,
  ferretdb: /^ferretdb/,
};

const ticksPerSecond = 100; // USER_HZ on Linux

function sample(): Record<string, number> {
  const totals: Record<string, number> = Object.fromEntries(Object.keys(groups).map((name) => [name, 0]));
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
    for (const [name, pattern] of Object.entries(groups))
      if (pattern.test(comm)) totals[name]! += ticks / ticksPerSecond;
  }
  const own = process.cpuUsage();
  totals.bench_process = (own.user + own.system) / 1e6;
  return totals;
}

/** Starts counting; the returned function gives CPU seconds per second of wall time since then. */
export function measureCpu(): () => Record<string, number> {
  let before: Record<string, number>;
  let since: number;
  try {
    before = sample();
  } catch {
    return () => ({}); // not Linux
  }
  since = performance.now();
  return () => {
    const after = sample();
    const seconds = (performance.now() - since) / 1000;
    return Object.fromEntries(
      Object.keys(after).map((name) => [
        name,
        Math.round(((after[name]! - (before[name] ?? 0)) / seconds) * 100) / 100,
      ]),
    );
  };
}
