import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadStore } from '@ledger/read-store/sqlite';
import { Projection } from '../projection';
import { compareReadModels, summariseDifference } from './compare-read-models';

const projection: Projection = { name: 'accounts', collections: [{ name: 'accounts', indexes: [] }], refs: () => [], apply: () => [] };

describe('comparing read models', () => {
  const folder = mkdtempSync(join(tmpdir(), 'ledger-compare-'));
  const live = new SqliteReadStore({ file: join(folder, 'live.sqlite') });
  const rebuilt = new SqliteReadStore({ file: join(folder, 'rebuilt.sqlite') });
  afterAll(async () => {
    await live.close();
    await rebuilt.close();
    rmSync(folder, { recursive: true, force: true });
  });

  beforeAll(async () => {
    const doc = (id: string, balance: number, position: bigint) => ({ collection: 'accounts', id, doc: { balance, owner: id }, position });
    await live.commit('accounts', [doc('a', 1, 3n), doc('b', 99, 4n), doc('c', 5, 9n), doc('only-live', 1, 2n)], 9n);
    await rebuilt.commit('accounts', [doc('a', 1, 3n), doc('b', 2, 4n), doc('c', 3, 5n), doc('only-rebuilt', 1, 2n)], 5n);
  });

  it('finds every document that differs or exists on one side only', async () => {
    expect((await compareReadModels(projection, live, rebuilt)).map((d) => d.id)).toEqual(['b', 'c', 'only-live', 'only-rebuilt']);
  });

  it('passes over documents changed by events past the settled position: the live side moved on meanwhile', async () => {
    expect((await compareReadModels(projection, live, rebuilt, 100, 5n)).map((d) => d.id)).toEqual(['b', 'only-live', 'only-rebuilt']);
  });

  it('says in one line which fields differ, live then rebuilt, cut short', async () => {
    const [b, , onlyLive, onlyRebuilt] = await compareReadModels(projection, live, rebuilt);
    expect(summariseDifference(b!)).toBe('accounts/b: balance live 99 rebuilt 2');
    expect(summariseDifference(onlyLive!, 12)).toBe('accounts/only-live: only in the live read models {"balance":…');
    expect(summariseDifference(onlyRebuilt!)).toBe('accounts/only-rebuilt: missing from the live read models, rebuilt {"balance":1,"owner":"only-rebuilt"}');
  });
});
