import { randomBytes } from 'node:crypto';
import { PersonKeyRow, PersonKeyStore } from '../person-key-store.port';

/**
 * The one contract every person-key store keeps. Each adapter's spec calls this with a
 * factory that opens a new instance over the same storage each time it is called (two
 * instances race as two app instances would; reopening shows what survives a restart).
 * Key ids and names are unique per test, so the suite also runs against a shared server.
 */
export function describePersonKeyStoreContract(adapter: string, open: () => Promise<PersonKeyStore>): void {
  describe(`person-key store contract: ${adapter}`, () => {
    let store: PersonKeyStore;
    const unique = (prefix: string) => `${prefix}_${randomBytes(9).toString('base64url')}`;
    /** Every byte value, zeros included, then random bytes: a store must keep them exactly. */
    const wrapped = () => Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(60)]);
    const row = (personRef = unique('pr')): PersonKeyRow => ({ keyId: unique('pk'), personRef, wrappedKey: wrapped() });

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store.close();
    });

    describe('create and get', () => {
      it('stores a row and gives it back exactly', async () => {
        const key = row();
        const created = await store.create(key);
        expect(created).toEqual(key);
        expect(Buffer.isBuffer(created!.wrappedKey)).toBe(true);
        const got = await store.get(key.keyId);
        expect(got).toEqual(key);
        expect(Buffer.isBuffer(got!.wrappedKey)).toBe(true);
        expect(got!.wrappedKey.equals(key.wrappedKey)).toBe(true);
      });

      it('answers null for a key id never created', async () => {
        expect(await store.get(unique('pk'))).toBeNull();
      });

      it('keeps the first row when the same key id is created again', async () => {
        const first = row();
        await store.create(first);
        const second = { ...first, personRef: unique('pr'), wrappedKey: wrapped() };
        expect(await store.create(second)).toEqual(first);
        expect(await store.get(first.keyId)).toEqual(first);
      });

      it('keeps one row when instances race to create the same key id', async () => {
        const other = await open();
        try {
          const keyId = unique('pk');
          const personRef = unique('pr');
          const attempts = Array.from({ length: 12 }, (): PersonKeyRow => ({ keyId, personRef, wrappedKey: wrapped() })).map((candidate, i) =>
            (i % 2 ? other : store).create(candidate),
          );
          const results = await Promise.all(attempts);
          const stored = await store.get(keyId);
          expect(stored).not.toBeNull();
          for (const result of results) expect(result).toEqual(stored);
          expect(await other.get(keyId)).toEqual(stored);
          expect(await store.keysOf(personRef)).toEqual([keyId]);
        } finally {
          await other.close();
        }
      });
    });

    describe('keysOf', () => {
      it("lists every key id of a person, and no one else's", async () => {
        const personRef = unique('pr');
        const keys = [row(personRef), row(personRef), row(personRef)];
        for (const key of keys) await store.create(key);
        await store.create(row());
        expect(await store.keysOf(personRef)).toEqual(keys.map((key) => key.keyId).sort());
        expect(await store.keysOf(unique('pr'))).toEqual([]);
      });
    });

    describe('destroy', () => {
      it('destroys the keys named, says how many, and a repeat destroys none', async () => {
        const personRef = unique('pr');
        const [a, b, kept] = [row(personRef), row(personRef), row(personRef)];
        for (const key of [a!, b!, kept!]) await store.create(key);
        expect(await store.destroy([a!.keyId, b!.keyId, unique('pk')])).toBe(2);
        expect(await store.get(a!.keyId)).toBeNull();
        expect(await store.get(b!.keyId)).toBeNull();
        expect(await store.get(kept!.keyId)).toEqual(kept);
        expect(await store.keysOf(personRef)).toEqual([kept!.keyId]);
        expect(await store.destroy([a!.keyId, b!.keyId])).toBe(0);
        expect(await store.destroy([])).toBe(0);
      });

      it('never creates a destroyed key id again', async () => {
        const key = row();
        await store.create(key);
        await store.destroy([key.keyId]);
        expect(await store.create({ ...key, wrappedKey: wrapped() })).toBeNull();
        expect(await store.get(key.keyId)).toBeNull();
        expect(await store.keysOf(key.personRef)).toEqual([]);
      });

      it('keeps a destroyed key gone after the store is reopened', async () => {
        const first = await open();
        const destroyed = row();
        const live = row(destroyed.personRef);
        try {
          await first.create(destroyed);
          await first.create(live);
          expect(await first.destroy([destroyed.keyId])).toBe(1);
        } finally {
          await first.close();
        }
        const reopened = await open();
        try {
          expect(await reopened.get(destroyed.keyId)).toBeNull();
          expect(await reopened.get(live.keyId)).toEqual(live);
          expect(await reopened.keysOf(destroyed.personRef)).toEqual([live.keyId]);
          expect(await reopened.create(destroyed)).toBeNull();
          expect(await reopened.destroy([destroyed.keyId])).toBe(0);
        } finally {
          await reopened.close();
        }
      });
    });

    describe('meta', () => {
      it('puts a value if absent and always returns the one stored', async () => {
        const name = unique('secret');
        expect(await store.getMeta(name)).toBeNull();
        const first = randomBytes(60);
        const stored = await store.putMetaIfAbsent(name, first);
        expect(stored.equals(first)).toBe(true);
        expect((await store.putMetaIfAbsent(name, randomBytes(60))).equals(first)).toBe(true);
        expect((await store.getMeta(name))!.equals(first)).toBe(true);
      });

      it('keeps one value when instances race to put it', async () => {
        const other = await open();
        try {
          const name = unique('secret');
          const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? other : store).putMetaIfAbsent(name, randomBytes(60))));
          const stored = (await store.getMeta(name))!;
          for (const result of results) expect(result.equals(stored)).toBe(true);
        } finally {
          await other.close();
        }
      });

      it('survives a reopen', async () => {
        const name = unique('secret');
        const value = randomBytes(60);
        const first = await open();
        await first.putMetaIfAbsent(name, value);
        await first.close();
        const reopened = await open();
        try {
          expect((await reopened.getMeta(name))!.equals(value)).toBe(true);
        } finally {
          await reopened.close();
        }
      });
    });
  });
}
