// Summarizes a V8 CPU profile: busy time, and the top functions and packages by self time (share of busy).
// Self time counts samples, not the time between them: on a loaded machine a descheduled thread leaves long
// gaps that the time deltas would charge to whatever frame it resumed in (typically writev).
interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }
export interface Profile { nodes: Node[]; samples?: number[]; timeDeltas?: number[]; startTime: number; endTime: number }

const IDLE = new Set(['(idle)', '(program)', '(garbage collector)']);

function where(url: string): string {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 5).split('/').slice(0, -1).join('/') || url.slice(src + 5);
  if (url.startsWith('node:')) return url;
  return url.split('/').slice(-2).join('/');
}

export function summarize(p: Profile, top = 25, intervalUs = 100): { busyUs: number; text: string } {
  const self = new Map<number, number>();
  const samples = p.samples ?? [];
  for (const id of samples) self.set(id, (self.get(id) ?? 0) + intervalUs);
  const byFn = new Map<string, number>();
  const byPkg = new Map<string, number>();
  let busy = 0;
  let gc = 0;
  for (const n of p.nodes) {
    const t = self.get(n.id) ?? 0;
    const fn = n.callFrame.functionName;
    if (fn === '(garbage collector)') gc += t;
    if (IDLE.has(fn) && fn !== '(garbage collector)') continue;
    busy += t;
    const name = `${fn || '(anonymous)'} ${where(n.callFrame.url)}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
    byFn.set(name, (byFn.get(name) ?? 0) + t);
    const pkg = fn === '(garbage collector)' ? '(gc)' : where(n.callFrame.url);
    byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + t);
  }
  const pct = (t: number) => `${((t / busy) * 100).toFixed(1).padStart(5)} %`;
  const lines = ['   top functions (self time, share of busy):'];
  for (const [k, t] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`   ${pct(t)}  ${k}`);
  lines.push('   by package / source folder:');
  for (const [k, t] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 15)) lines.push(`   ${pct(t)}  ${k}`);
  lines.push(`   gc ${pct(gc)}`);
  return { busyUs: busy, text: lines.join('\n') };
}
