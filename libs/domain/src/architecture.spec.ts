import { readdirSync, readFileSync } from 'fs';
import { dirname, join, relative, resolve, sep } from 'path';
import { preProcessFile } from 'typescript';

/**
 * The domain is pure: it imports only itself (no framework, no Node built-ins, no store
 * clients, no other @ledger library) and never reads a clock or a random source.
 */
const SRC = __dirname;
const TESTING = join(SRC, 'testing');
const FORBIDDEN_CALLS: [RegExp, string][] = [
  [/\bDate\s*\.\s*now\s*\(/, 'Date.now() reads the clock'],
  [/\bnew\s+Date\s*\(\s*\)/, 'new Date() reads the clock'],
  [/\bMath\s*\.\s*random\s*\(/, 'Math.random() is not deterministic'],
];

function domainSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === TESTING ? [] : domainSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every module a file names (import, export ... from, import(), require()) that is not inside the domain. */
function foreignImports(file: string, source: string): string[] {
  const named = preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
  return named.filter((name) => {
    if (!name.startsWith('./') && !name.startsWith('../')) return true;
    const target = resolve(dirname(file), name);
    return !target.startsWith(SRC + sep) || target.startsWith(TESTING + sep) || target === TESTING;
  });
}

function impureCalls(source: string): string[] {
  return FORBIDDEN_CALLS.filter(([pattern]) => pattern.test(source)).map(([, why]) => why);
}

const files = domainSources(SRC);

describe('domain architecture', () => {
  it('finds the domain sources it checks', () => {
    expect(files.map((f) => relative(SRC, f))).toEqual(expect.arrayContaining(['index.ts', join('partner', 'partner.decider.ts'), join('shared', 'money.ts')]));
    expect(files.some((f) => f.startsWith(TESTING))).toBe(false);
  });

  it.each(files.map((f) => [relative(SRC, f), f]))('%s imports only the domain', (_name, file) =>
    expect(foreignImports(file, readFileSync(file, 'utf8'))).toEqual([]));

  it.each(files.map((f) => [relative(SRC, f), f]))('%s reads no clock and no randomness', (_name, file) =>
    expect(impureCalls(readFileSync(file, 'utf8'))).toEqual([]));

  it('the checks catch violations', () => {
    const file = join(SRC, 'shared', 'x.ts');
    const bad = [
      `import { Injectable } from '@nestjs/common';`,
      `import { randomUUID } from 'node:crypto';`,
      `import * as fs from 'fs';`,
      `export { EventStore } from '@ledger/event-store';`,
      `import Database = require('better-sqlite3');`,
      `const pg = require('pg');`,
      `const lazy = () => import('kafkajs');`,
      `import { x } from '../../../event-store/src/x';`,
      `import { specFor } from '../testing/given-when-then';`,
      `import './side-effect';`,
      `import { Money } from './money';`,
    ].join('\n');
    expect(foreignImports(file, bad)).toEqual([
      '@nestjs/common', 'node:crypto', 'fs', '@ledger/event-store', 'better-sqlite3', 'pg', 'kafkajs',
      '../../../event-store/src/x', '../testing/given-when-then',
    ]);
    expect(impureCalls('const t = Date.now();')).toHaveLength(1);
    expect(impureCalls('const t = new Date( );')).toHaveLength(1);
    expect(impureCalls('const r = Math.random();')).toHaveLength(1);
    expect(impureCalls('const t = new Date(occurredAt); const p = Date.parse(asOf);')).toEqual([]);
  });
});
