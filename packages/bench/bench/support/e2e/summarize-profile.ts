/**
 * Prints the self-time summary of `.cpuprofile` files (e.g. from `node --cpu-prof` or a bench's profile round):
 *
 *   node --import tsx packages/bench/bench/support/e2e/summarize-profile.ts <file.cpuprofile>... [--top N]
 *     [--calls N] [--area PREFIX]
 *
 * `--calls` divides busy time by that many calls (µs per call); `--area` keeps the files and functions of areas
 * starting with PREFIX (e.g. `@krakenkit/`).
 */
import { readFileSync } from 'node:fs';
import { type CpuProfile, formatProfileSummary, summarizeProfile } from './profile.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : undefined;
};
const top = Number(option('--top') ?? 20);
const callsText = option('--calls');
const calls = callsText === undefined ? undefined : Number(callsText);
const area = option('--area');
for (const file of args) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  console.log(`\n${file}`);
  for (const line of formatProfileSummary(summarizeProfile(profile), top, calls, area)) console.log(line);
}
