// Summarises a V8 CPU profile (`node --cpu-prof`): self time by function and by where the code lives
// (a package under node_modules, a Candor workspace, Node's own internals), so a bench's profile can
// be quoted in docs/benchmarks.md. `tsx test/bench/profile-summary.ts <file.cpuprofile> [top] [from-s] [to-s]`:
// with a window (seconds since the profile started) only the samples inside it count, e.g. the
// measured phase of a bench and not its start-up; the busy time per second is printed to choose it.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function placeOf(url: string): string {
  if (!url) return '(native / idle / gc)';
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules) return inModules[1]!;
  const workspace = /\/(services\/[^/]+|contracts|frontend|test)\//.exec(url);
  if (workspace) return workspace[1]!;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  return url;
}

const [file, topText, fromText, toText] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [top] [from-s] [to-s]');
const top = Number(topText ?? 25);
const window = { from: Number(fromText ?? 0) * 1e6, to: toText === undefined ? Infinity : Number(toText) * 1e6 };
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map<number, number>();
const busyPerSecond: number[] = [];
let at = 0;
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0;
  at += delta;
  const second = Math.floor(at / 1e6);
  if (byId.get(id)!.callFrame.functionName !== '(idle)') busyPerSecond[second] = (busyPerSecond[second] ?? 0) + delta;
  if (at >= window.from && at < window.to) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
});
console.log(`busy ms per second: ${Array.from(busyPerSecond, (us, second) => `${second}:${Math.round((us ?? 0) / 1000)}`).join(' ')}`);
const total = [...selfUs.values()].reduce((sum, us) => sum + us, 0);
const idle = [...selfUs].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((sum, [, us]) => sum + us, 0);
const busy = total - idle;

const functions = new Map<string, number>();
const places = new Map<string, number>();
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  if (functionName === '(idle)') continue;
  const place = placeOf(url);
  const name = `${functionName || '(anonymous)'} ${place}${url ? `:${lineNumber + 1}` : ''}`;
  functions.set(name, (functions.get(name) ?? 0) + us);
  places.set(place, (places.get(place) ?? 0) + us);
}
const percent = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)} %`;
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (shares below are of the busy time)`);
console.log('\nby place:');
for (const [place, us] of [...places].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${percent(us)}  ${place}`);
console.log('\nby function (self time):');
for (const [name, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${percent(us)}  ${name}`);
