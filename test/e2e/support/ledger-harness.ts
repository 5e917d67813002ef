import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { MongoClient } from 'mongodb';
import request from 'supertest';
import { createLedgerApp } from '../../../apps/ledger/src/bootstrap';
import { loadConfig } from '../../../apps/ledger/src/config/ledger-config';

/**
 * Runs the real ledger app for end-to-end suites: real embedded SQLite event store in a
 * fresh temporary folder, and the read store the variant names (embedded, or MongoDB when
 * MONGODB_URL is set). Every suite is written once and run per variant:
 *
 *   describe.each(readStoreVariants())('commands ($name)', (variant) => { ... })
 */
export interface ReadStoreVariant {
  name: 'embedded' | 'MongoDB';
  env: Record<string, string>;
  /** For `%s` in describe.each titles. */
  toString(): string;
}

export type Http = ReturnType<typeof request>;

export interface RunningLedger {
  app: INestApplication;
  http: Http;
  dataDir: string;
  /** Stops the app; removes its storage too when startLedger created it. */
  close(): Promise<void>;
}

const variant = (name: ReadStoreVariant['name'], env: Record<string, string>): ReadStoreVariant => ({ name, env, toString: () => name });

export function readStoreVariants(): ReadStoreVariant[] {
  const variants = [variant('embedded', {})];
  const url = process.env['MONGODB_URL'];
  if (url) {
    variants.push(variant('MongoDB', { MONGODB_URL: url, MONGODB_DB: `e2e_${randomBytes(4).toString('hex')}` }));
  } else {
    process.stderr.write('SKIPPED: e2e MongoDB read-store variant — MONGODB_URL is not set, so only the embedded read store is tested.\n');
  }
  return variants;
}

/** A fresh, empty data folder (the caller removes it with removeStorage). */
export const createDataDir = () => mkdtemp(join(tmpdir(), 'ledger-e2e-'));

/** One MongoDB database per data folder, so a restarted app finds its read models again. */
export function mongoDatabase(variant: ReadStoreVariant, dataDir: string): string | undefined {
  const prefix = variant.env['MONGODB_DB'];
  return prefix === undefined ? undefined : `${prefix}_${basename(dataDir).replace(/[^A-Za-z0-9]/g, '_')}`;
}

/**
 * Starts the app on `dataDir` (a fresh one when omitted) and listens on an ephemeral port.
 * `env` adds settings such as QUERY_WAIT_MS. The process environment is NOT inherited, so
 * the embedded variant never picks up MONGODB_URL by accident.
 */
export async function startLedger(variant: ReadStoreVariant, dataDir?: string, env: Record<string, string> = {}): Promise<RunningLedger> {
  const owned = dataDir === undefined;
  const dir = dataDir ?? (await createDataDir());
  const database = mongoDatabase(variant, dir);
  const config = loadConfig({
    NODE_ENV: 'test',
    // Due work runs when a test asks for it (its routes, or DUE_WORK_INTERVAL_MS in env): never in the middle of another test's steps.
    DUE_WORK_INTERVAL_MS: '0',
    DATA_DIR: dir,
    PORT: '0',
    LOG_LEVEL: 'error',
    ...variant.env,
    ...(database ? { MONGODB_DB: database } : {}),
    ...env,
  });
  const app = await createLedgerApp(config);
  try {
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await app.close().catch(() => undefined);
    if (owned) await removeStorage(variant, dir);
    throw error;
  }
  return {
    app,
    http: request(app.getHttpServer()),
    dataDir: dir,
    close: async () => {
      await app.close();
      if (owned) await removeStorage(variant, dir);
    },
  };
}

/** Removes a data folder and, for MongoDB, the test database that went with it. */
export async function removeStorage(variant: ReadStoreVariant, dataDir: string): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
  const url = variant.env['MONGODB_URL'];
  const database = mongoDatabase(variant, dataDir);
  if (url && database) {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
    try {
      await client.db(database).dropDatabase();
    } finally {
      await client.close();
    }
  }
}

/**
 * A ledger on a data folder of the suite's own, which a test stops and starts again (a
 * restart, a file removed in between); the folder and its read store are removed after the suite.
 */
export function restartableLedger(variant: ReadStoreVariant, env: Record<string, string> = {}) {
  let dataDir = '';
  let running: RunningLedger | undefined;
  beforeAll(async () => {
    dataDir = await createDataDir();
  });
  afterAll(async () => {
    await running?.close();
    await removeStorage(variant, dataDir);
  });
  return {
    get dataDir() {
      return dataDir;
    },
    get http(): Http {
      if (!running) throw new Error('the ledger is not running');
      return running.http;
    },
    async start(): Promise<RunningLedger> {
      running = await startLedger(variant, dataDir, env);
      return running;
    },
    async stop(): Promise<void> {
      await running?.close();
      running = undefined;
    },
  };
}
