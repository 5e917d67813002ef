import { readdirSync, readFileSync } from 'fs';
import { dirname, join, relative, resolve, sep } from 'path';
import { preProcessFile } from 'typescript';

/**
 * The application's shape: one folder per capability or read model (a slice), plus shared
 * machinery. A slice is used by others only through its index.ts; store adapters are
 * loaded only by the storage wiring. (The domain's own rules: libs/domain/src/architecture.spec.ts.)
 */
const SRC = __dirname;
const SLICES = ['partners', 'leads', 'certifications', 'incentives', 'sanctions', 'scorecards', 'history', 'projection-status', 'people', 'program', 'tiers', 'engagements', 'objectives', 'challenges', 'margins', 'coop', 'coop-budget', 'audit-chain', 'audit-tree', 'audit-search', 'replay', 'imports'];
const SHARED = ['as-of', 'auth', 'cli', 'config', 'console', 'contracts', 'due-work', 'errors', 'fact-batches', 'health', 'http', 'instances', 'kafka', 'projector', 'read-models', 'storage', 'write'];
const STORAGE = join(SRC, 'storage');
/** Modules that open a store: only the storage wiring names them (specs may, to test on real stores). */
const ADAPTERS = [/^@ledger\/(event-store|read-store)\/(sqlite|eventstoredb|mongodb)$/, /^better-sqlite3$/, /^mongodb$/, /^@eventstore\/db-client$/, /\/libs\/(event-store|read-store)\/src\/(sqlite|eventstoredb|mongodb)\b/];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const isSpec = (file: string) => /\.(spec|int-spec|e2e-spec)\.ts$/.test(file) || file.split(sep).includes('testing');
const sliceOf = (path: string) => SLICES.find((slice) => path === join(SRC, slice) || path.startsWith(join(SRC, slice) + sep));

/** The modules a file names (import, export … from, import(), require()). */
const importsOf = (source: string) => preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);

/** Imports of another slice's internals: anything under it but its index. */
export function sliceViolations(file: string, imports: string[]): string[] {
  const own = sliceOf(file);
  return imports.filter((name) => {
    if (!name.startsWith('.')) return false;
    const target = resolve(dirname(file), name);
    const slice = sliceOf(target);
    if (!slice || slice === own) return false;
    return target !== join(SRC, slice) && target !== join(SRC, slice, 'index');
  });
}

/** Adapter imports outside the storage wiring (and outside specs). */
export function adapterViolations(file: string, imports: string[]): string[] {
  if (isSpec(file) || file.startsWith(STORAGE + sep)) return [];
  return imports.filter((name) => {
    const resolved = name.startsWith('.') ? resolve(dirname(file), name) : name;
    return ADAPTERS.some((pattern) => pattern.test(resolved));
  });
}

const files = sources(SRC);
const folders = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

describe('application architecture', () => {
  it('every folder is a slice or shared machinery, and each slice has an index', () => {
    expect(folders.filter((f) => !SLICES.includes(f) && !SHARED.includes(f))).toEqual([]);
    for (const slice of SLICES) expect(files).toContain(join(SRC, slice, 'index.ts'));
  });

  it.each(files.map((f) => [relative(SRC, f), f]))('%s uses other slices only through their index', (_name, file) =>
    expect(sliceViolations(file, importsOf(readFileSync(file, 'utf8')))).toEqual([]));

  it.each(files.map((f) => [relative(SRC, f), f]))('%s leaves store adapters to the storage wiring', (_name, file) =>
    expect(adapterViolations(file, importsOf(readFileSync(file, 'utf8')))).toEqual([]));

  it('the checks catch violations', () => {
    const inScorecards = join(SRC, 'scorecards', 'x.ts');
    expect(sliceViolations(inScorecards, ['../partners/partner-profile', '../partners', '../partners/index', './scorecard', '../read-models/paging', '@ledger/domain'])).toEqual([
      '../partners/partner-profile',
    ]);
    const inHttp = join(SRC, 'http', 'x.ts');
    expect(sliceViolations(inHttp, ['../leads/win-deal.command', '../leads'])).toEqual(['../leads/win-deal.command']);
    expect(adapterViolations(inHttp, ['@ledger/read-store/sqlite', '@ledger/read-store', 'mongodb', '@eventstore/db-client', '../../../../libs/event-store/src/eventstoredb', '@ledger/event-store'])).toEqual([
      '@ledger/read-store/sqlite', 'mongodb', '@eventstore/db-client', '../../../../libs/event-store/src/eventstoredb',
    ]);
    expect(adapterViolations(join(STORAGE, 'open-embedded.ts'), ['@ledger/read-store/sqlite'])).toEqual([]);
  });
});
