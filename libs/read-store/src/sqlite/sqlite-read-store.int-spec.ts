import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeReadStoreContract } from '../testing/read-store.contract';
import { SqliteReadStore } from './sqlite-read-store';

const folder = mkdtempSync(join(tmpdir(), 'ledger-read-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describeReadStoreContract('embedded (SQLite file)', async () => new SqliteReadStore({ file: join(folder, 'read.sqlite') }));
