// Summarises a V8 CPU profile (`node --cpu-prof`): self time by function and by where the code lives
// (a package under node_modules, a Candor workspace, Node's own internals), so a bench's profile can
// be quoted in docs/benchmarks.md. `tsx test/bench/profile-summary.ts <file.cpuprofile> [top]`.
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

const [file, topText] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [top]');
const top = Number(topText ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
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
