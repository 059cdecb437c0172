// node --import tsx bench/profiling/window.ts FILE.cpuprofile FROM_US TO_US [top]: the summary of a saved profile's
// samples between two moments, in process.hrtime microseconds (the clock V8 stamps samples with, the same in every
// process of the machine). The records benchmark prints the sync ahead's window, so that a whole process's
// profile (the sync worker's, the benchmark's own) can be read for that run alone.
import { readFileSync } from 'node:fs';
import { summarize, type Profile } from './profile-summary.js';

const [file, from, to, top] = process.argv.slice(2);
if (!file || !from || !to) {
  console.error('usage: window.ts FILE.cpuprofile FROM_US TO_US [top]');
  process.exit(2);
}
const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const samples = p.samples ?? [];
const deltas = p.timeDeltas ?? [];
const kept: number[] = [];
let t = p.startTime;
for (let i = 0; i < samples.length; i++) {
  t += deltas[i] ?? 0;
  if (t >= Number(from) && t <= Number(to)) kept.push(samples[i]!);
}
const interval = [...deltas].sort((a, b) => a - b)[deltas.length >> 1] ?? 100;
const s = summarize({ ...p, samples: kept }, Number(top ?? 30), interval);
console.log(`${kept.length} samples in the window; busy ${(s.busyUs / 1000).toFixed(0)} ms (samples × ${interval} µs)\n${s.text}`);
