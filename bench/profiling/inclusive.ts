// node --import tsx bench/profiling/inclusive.ts FILE.cpuprofile [filter] [top]: functions by inclusive
// (total) samples — their own and their callees' — as a share of busy; `filter` keeps frames whose URL
// contains it (e.g. `/src/` for terapi's own code). A sample counts once per function however deep it recurses.
import { readFileSync } from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
const p = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { nodes: Node[]; samples: number[] };
const filter = process.argv[3] ?? '';
const top = Number(process.argv[4] ?? 40);
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const IDLE = new Set(['(idle)', '(program)']);
const total = new Map<string, number>();
let busy = 0;
for (const s of p.samples) {
  if (IDLE.has(byId.get(s)!.callFrame.functionName)) continue;
  busy++;
  const seen = new Set<string>();
  for (let cur: number | undefined = s; cur !== undefined; cur = parent.get(cur)) {
    const f = byId.get(cur)!.callFrame;
    if (filter && !f.url.includes(filter)) continue;
    const k = `${f.functionName || '(anon)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
    if (seen.has(k)) continue;
    seen.add(k);
    total.set(k, (total.get(k) ?? 0) + 1);
  }
}
console.log(`busy samples ${busy}`);
for (const [k, h] of [...total].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((h / busy) * 100).toFixed(1).padStart(5)} %  ${k}`);
