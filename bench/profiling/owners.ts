// node --import tsx bench/profiling/owners.ts FILE.cpuprofile [top]: each busy sample charged to its owner —
// the nearest frame, from the sampled one up the stack, that belongs to a package (node_modules/NAME) or to
// terapi's server (its function, in src or dist) — so Node's own work (streams, events, the HTTP parser) counts
// for whoever asked for it. Samples with no such frame keep their own function's name. Compare two profiles'
// owners to see what a layer (Fastify, a plugin, prom-client) costs in all.
import { readFileSync } from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string }; children?: number[] }
const file = process.argv[2];
if (!file) {
  console.error('usage: owners.ts FILE.cpuprofile [top]');
  process.exit(2);
}
const top = Number(process.argv[3] ?? 40);
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

function ownerOf(n: Node): string | undefined {
  const { url, functionName } = n.callFrame;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /packages\/server\/(?:src|dist)\/(.*)$/.exec(url);
  if (own) return `terapi ${own[1]} ${functionName || '(anon)'}`;
  if (url.includes('/bench/')) return `bench ${url.split('/').pop()}`;
  return undefined;
}

const owners = new Map<number, string>();
const counts = new Map<string, number>();
let busy = 0;
for (const id of profile.samples) {
  const leaf = byId.get(id)!;
  if (leaf.callFrame.functionName === '(idle)' || leaf.callFrame.functionName === '(program)') continue;
  busy++;
  let owner = owners.get(id);
  if (owner === undefined) {
    owner = `(no owner) ${leaf.callFrame.functionName}`;
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const o = ownerOf(byId.get(cur)!);
      if (o) {
        owner = o;
        break;
      }
    }
    owners.set(id, owner);
  }
  counts.set(owner, (counts.get(owner) ?? 0) + 1);
}
console.log(`busy samples ${busy}`);
for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((v / busy) * 100).toFixed(1).padStart(6)} %  ${String(v).padStart(6)}  ${k}`);
