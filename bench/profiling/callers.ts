// node --import tsx bench/profiling/callers.ts FILE.cpuprofile FUNCTION [depth]: the stacks (by sample count)
// that lead to FUNCTION's self time — who calls a hot frame.
import { readFileSync } from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
const p = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { nodes: Node[]; samples: number[] };
const fn = process.argv[3]!;
const depth = Number(process.argv[4] ?? 8);
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const hits = new Map<number, number>();
for (const s of p.samples) hits.set(s, (hits.get(s) ?? 0) + 1);
const stacks = new Map<string, number>();
let total = 0;
for (const n of p.nodes) {
  if (n.callFrame.functionName !== fn) continue;
  const h = hits.get(n.id) ?? 0;
  if (!h) continue;
  total += h;
  const frames: string[] = [];
  let cur: number | undefined = n.id;
  while (cur !== undefined && frames.length < depth) {
    const f = byId.get(cur)!.callFrame;
    frames.push(`${f.functionName || '(anon)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`);
    cur = parent.get(cur);
  }
  const k = frames.join(' < ');
  stacks.set(k, (stacks.get(k) ?? 0) + h);
}
console.log(`${fn}: ${total} samples`);
for (const [k, h] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`${h}\t${k}`);
