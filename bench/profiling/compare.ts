// node --import tsx bench/profiling/compare.ts A.cpuprofile B.cpuprofile [top]: self samples per function,
// A minus B, largest differences first (what A spends that B does not). Both profiles must cover the same
// number of requests.
import { readFileSync } from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }
const load = (f: string) => {
  const p = JSON.parse(readFileSync(f, 'utf8')) as { nodes: Node[]; samples: number[] };
  const hits = new Map<number, number>();
  for (const s of p.samples) hits.set(s, (hits.get(s) ?? 0) + 1);
  const by = new Map<string, number>();
  let busy = 0;
  for (const n of p.nodes) {
    const fn = n.callFrame.functionName;
    if (fn === '(idle)' || fn === '(program)') continue;
    const h = hits.get(n.id) ?? 0;
    busy += h;
    const k = `${fn || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
    by.set(k, (by.get(k) ?? 0) + h);
  }
  return { by, busy };
};
const a = load(process.argv[2]!);
const b = load(process.argv[3]!);
console.log(`busy samples: A ${a.busy}, B ${b.busy}, A/B ${(a.busy / b.busy).toFixed(2)}`);
const keys = new Set([...a.by.keys(), ...b.by.keys()]);
const diff = [...keys].map((k) => [k, (a.by.get(k) ?? 0) - (b.by.get(k) ?? 0)] as const).sort((x, y) => y[1] - x[1]);
const top = Number(process.argv[4] ?? 40);
for (const [k, d] of diff.slice(0, top)) console.log(`${String(d).padStart(6)} (${((d / (a.busy - b.busy)) * 100).toFixed(1).padStart(5)} % of the gap)  ${k}`);
