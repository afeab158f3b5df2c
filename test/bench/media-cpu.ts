// CPU time of a process and everything it started (a mediasoup engine's media runs in its worker
// child, not in the Node process), from Linux /proc: utime + stime of each process in the tree.
import { readdirSync, readFileSync } from 'node:fs';

const ticksPerSecond = 100; // USER_HZ on Linux

interface ProcStat {
  ppid: number;
  seconds: number;
}

function readStat(pid: string): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), seconds: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond };
  } catch {
    return undefined; // gone meanwhile
  }
}

/** CPU seconds used so far by `rootPid` and its descendants; undefined where /proc is not there. */
export function processTreeCpuSeconds(rootPid: number): number | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return undefined;
  }
  const stats = new Map<number, ProcStat>();
  for (const pid of pids) {
    const stat = readStat(pid);
    if (stat) stats.set(Number(pid), stat);
  }
  if (!stats.has(rootPid)) return undefined;
  const inTree = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, stat] of stats)
      if (!inTree.has(pid) && inTree.has(stat.ppid)) {
        inTree.add(pid);
        grew = true;
      }
  }
  let seconds = 0;
  for (const pid of inTree) seconds += stats.get(pid)!.seconds;
  return seconds;
}
