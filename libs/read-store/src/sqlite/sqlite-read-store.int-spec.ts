import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeReadStoreContract } from '../testing/read-store.contract';
import { SqliteReadStore } from './sqlite-read-store';

const folder = mkdtempSync(join(tmpdir(), 'ledger-read-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describeReadStoreContract('embedded (SQLite file)', async () => new SqliteReadStore({ file: join(folder, 'read.sqlite') }));

/** What the writer thread adds to the contract: order, closing, and a second writer on the file. */
describe('embedded read store, commits on its writer thread', () => {
  const write = (id: string, n: number, position: bigint) => ({ collection: 'counters', id, doc: { n }, position });

  it('commits in the order asked, and close waits for every commit already asked for', async () => {
    const file = join(folder, 'order.sqlite');
    const store = new SqliteReadStore({ file });
    const commits = Array.from({ length: 50 }, (_, i) => store.commit('p', [write('a', i, BigInt(i + 1)), write(`b${i}`, i, BigInt(i + 1))], BigInt(i + 1)));
    const closed = store.close();
    await Promise.all([...commits, closed]);

    const reopened = new SqliteReadStore({ file });
    try {
      expect(await reopened.checkpoint('p')).toBe(50n);
      expect(await reopened.get('counters', 'a')).toEqual({ id: 'a', position: 50n, doc: { n: 49 } });
      expect((await reopened.scan('counters', { limit: 100 })).length).toBe(51);
    } finally {
      await reopened.close();
    }
  });

  it('refuses a commit once closed', async () => {
    const store = new SqliteReadStore({ file: join(folder, 'closed.sqlite') });
    await store.close();
    await expect(store.commit('p', [write('a', 1, 1n)], 1n)).rejects.toThrow(/closed/);
  });

  it('shares the file with another store: each waits for the other', async () => {
    const file = join(folder, 'shared.sqlite');
    const one = new SqliteReadStore({ file });
    const two = new SqliteReadStore({ file });
    try {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).commit(`p${i % 2}`, [write(`d${i}`, i, BigInt(i + 1))], BigInt(i + 1))),
      );
      expect((await one.scan('counters', { limit: 100 })).map((d) => d.id).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `d${i}`).sort());
      expect(await two.checkpoint('p1')).toBe(20n);
      expect(await two.checkpoint('p0')).toBe(19n);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('opens a file whose leases predate epochs: a lease held then is renewed at epoch 0, the next take-over is epoch 1', async () => {
    const file = join(folder, 'leases-before-epochs.sqlite');
    const before = new Database(file);
    before.exec('CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL)');
    before.prepare('INSERT INTO leases VALUES (?, ?, ?)').run('due-work', 'old', Date.now() + 60_000);
    before.close();
    const store = new SqliteReadStore({ file });
    try {
      expect(await store.tryLease('due-work', 'old', 1000, new Date())).toEqual(expect.objectContaining({ holder: 'old', epoch: 0 }));
      expect(await store.tryLease('due-work', 'new', 1000, new Date(Date.now() + 5000))).toEqual(expect.objectContaining({ holder: 'new', epoch: 1 }));
    } finally {
      await store.close();
    }
  });

  it('writes bigints as exact numbers or decimal text, and leaves BigInt as it found it', async () => {
    const store = new SqliteReadStore({ file: join(folder, 'bigints.sqlite') });
    try {
      const big = 2n ** 60n;
      await store.commit('p', [{ collection: 'counters', id: 'a', doc: { small: 5n, big, nested: [{ big }] }, position: 1n }], 1n);
      expect((await store.get('counters', 'a'))?.doc).toEqual({ small: 5, big: big.toString(), nested: [{ big: big.toString() }] });
      expect(Object.getOwnPropertyNames(BigInt.prototype)).not.toContain('toJSON');
      expect(() => JSON.stringify({ n: 1n })).toThrow(TypeError);
    } finally {
      await store.close();
    }
  });

  it('cannot be kept in memory: its writer thread opens the file too', () => {
    expect(() => new SqliteReadStore({ file: ':memory:' })).toThrow(/needs a file/);
  });
});
