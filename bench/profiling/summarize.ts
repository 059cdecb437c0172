// node --import tsx bench/profiling/summarize.ts FILE.cpuprofile [top]: the summary of a saved profile.
import { readFileSync } from 'node:fs';
import { summarize } from './profile-summary.js';

const s = summarize(JSON.parse(readFileSync(process.argv[2]!, 'utf8')), Number(process.argv[3] ?? 40));
console.log(`busy ${(s.busyUs / 1000).toFixed(0)} ms (samples × interval)\n${s.text}`);
