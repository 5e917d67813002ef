import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Where the bench runs from: the built JavaScript (`npm run bench`, dist/apps/bench/src) or
 * the TypeScript sources (the smoke test, under jest). Child processes (the ledger, the bench
 * worker) are started the same way: built files from dist, or sources through ts-node
 * (transpiling only) and tsconfig-paths for the @ledger/* aliases.
 */
export interface NodeEntry {
  /** Arguments for `node`: execArgv then the script. */
  args: string[];
}

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'partner-ledger') return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the repository root above ${from}`);
  }
}

export const repoRoot = findRoot(__dirname);
export const fromSources = __filename.endsWith('.ts');

/** How to run a module of this repository, given its path without extension from the root (e.g. apps/ledger/src/main). */
export function nodeEntry(modulePath: string, execArgv: string[] = []): NodeEntry {
  // Every child also preloads the parent guard: it stops itself if the bench dies first.
  if (fromSources) {
    process.env['TS_NODE_TRANSPILE_ONLY'] = 'true';
    process.env['TS_NODE_PROJECT'] = join(repoRoot, 'tsconfig.json');
    return {
      args: [...execArgv, '-r', 'ts-node/register', '-r', 'tsconfig-paths/register', '-r', join(repoRoot, 'apps/bench/src/support/parent-guard.ts'), join(repoRoot, `${modulePath}.ts`)],
    };
  }
  const built = join(repoRoot, 'dist', `${modulePath}.js`);
  if (!existsSync(built)) throw new Error(`${built} is missing: build first (npx nest build ledger && npx nest build bench)`);
  return { args: [...execArgv, '-r', join(repoRoot, 'dist/apps/bench/src/support/parent-guard.js'), built] };
}

/** Extra node flags for children, e.g. BENCH_CPU_PROF=<dir> to profile the ledger and the worker. */
export function profilingArgs(label: string): string[] {
  const dir = process.env['BENCH_CPU_PROF'];
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${label}-${Date.now()}.cpuprofile`] : [];
}
