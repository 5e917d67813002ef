import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { repoRoot } from './support/runtime';

/**
 * Summarises a V8 CPU profile (node --cpu-prof; BENCH_CPU_PROF=<dir> makes the bench profile
 * the ledger and its worker): self and inclusive time per function, and self time per file
 * or package, as shares of the samples.
 *
 *   node dist/apps/bench/src/profile-summary.js <file.cpuprofile> [top=25] [filter]
 *
 * `filter` keeps only the samples whose stack contains a function or file matching it (e.g.
 * "applyBatch"), to see where one path spends its time.
 */
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

export interface ProfileLine {
  name: string;
  selfMs: number;
  selfShare: number;
  totalMs: number;
  totalShare: number;
}

const label = (node: ProfileNode) => {
  const url = node.callFrame.url.replace(/^file:\/\//, '');
  const where = url ? `${url.includes('node_modules') ? url.slice(url.lastIndexOf('node_modules/') + 13) : relative(repoRoot, url)}:${node.callFrame.lineNumber + 1}` : '';
  return `${node.callFrame.functionName || '(anonymous)'} ${where}`.trim();
};

const fileOf = (node: ProfileNode) => {
  const url = node.callFrame.url.replace(/^file:\/\//, '');
  if (!url) return node.callFrame.functionName.startsWith('(') ? node.callFrame.functionName : '(native)';
  if (url.includes('node_modules/')) {
    const rest = url.slice(url.lastIndexOf('node_modules/') + 13).split('/');
    return `npm:${rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  if (url.startsWith('node:')) return url;
  return relative(repoRoot, url);
};

export function summariseProfile(profile: Profile, top = 25, filter?: string) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const files = new Map<string, number>();
  let all = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const leaf = byId.get(profile.samples[i]!)!;
    const stack: ProfileNode[] = [];
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) stack.push(byId.get(id)!);
    if (filter && !stack.some((n) => label(n).includes(filter))) continue;
    if (leaf.callFrame.functionName === '(idle)') continue;
    all += dt;
    self.set(label(leaf), (self.get(label(leaf)) ?? 0) + dt);
    files.set(fileOf(leaf), (files.get(fileOf(leaf)) ?? 0) + dt);
    for (const name of new Set(stack.map(label))) total.set(name, (total.get(name) ?? 0) + dt);
  }
  const lines = (map: Map<string, number>) =>
    [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, ms]) => ({ name, ms, share: ms / all }));
  return { busyMs: all, self: lines(self), total: lines(total), files: lines(files) };
}

if (require.main === module) {
  const [file, topArg, filter] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: profile-summary <file.cpuprofile> [top] [filter]\n');
    process.exit(2);
  }
  const summary = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(topArg ?? 25), filter);
  const pct = (share: number) => `${(share * 100).toFixed(1).padStart(5)}%`;
  process.stdout.write(`busy (non-idle) ${summary.busyMs.toFixed(0)} ms${filter ? ` in stacks through "${filter}"` : ''}\n\nself time by file/package:\n`);
  for (const l of summary.files) process.stdout.write(`${pct(l.share)}  ${l.name}\n`);
  process.stdout.write('\nself time by function:\n');
  for (const l of summary.self) process.stdout.write(`${pct(l.share)}  ${l.name}\n`);
  process.stdout.write('\ninclusive time by function:\n');
  for (const l of summary.total) process.stdout.write(`${pct(l.share)}  ${l.name}\n`);
}
