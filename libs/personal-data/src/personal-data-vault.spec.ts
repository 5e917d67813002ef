import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyUnwrapError, PersonErasedError, SealedValueError } from './errors';
import { PersonKeyStore } from './person-key-store.port';
import { PersonalDataVault } from './personal-data-vault';
import { SqlitePersonKeyStore } from './sqlite/sqlite-person-key-store';
import { InMemoryKeySpace, InMemoryPersonKeyStore } from './testing/in-memory-person-key-store';

const folder = mkdtempSync(join(tmpdir(), 'ledger-vault-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Both stores the vault's cases run on: the unit specs' FAKE, and the real embedded adapter. */
const stores: [string, () => () => PersonKeyStore][] = [
  ['in-memory FAKE store', () => { const space = new InMemoryKeySpace(); return () => space.open(); }],
  ['embedded SQLite store', () => { const file = join(folder, `${randomBytes(6).toString('hex')}.sqlite`); return () => new SqlitePersonKeyStore({ file }); }],
];

describe.each(stores)('personal-data vault on the %s', (_label, storage) => {
  const masterKey = randomBytes(32);
  let openStore: () => PersonKeyStore;
  let store: PersonKeyStore;
  let vault: PersonalDataVault;
  const opened: PersonKeyStore[] = [];
  const another = (options: { cacheTtlMs?: number; now?: () => number } = {}) => {
    const own = openStore();
    opened.push(own);
    return new PersonalDataVault({ store: own, masterKey, ...options });
  };

  beforeEach(() => {
    openStore = storage();
    store = openStore();
    opened.push(store);
    vault = new PersonalDataVault({ store, masterKey });
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  it('seals to a self-describing value and opens it again', async () => {
    const sealed = await vault.seal('partner-1', 'person-1', 'Ada Lovelace ✓');
    expect(sealed).toMatch(/^pii:v1:pk_[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(vault.isSealed(sealed)).toBe(true);
    expect(vault.keyIdIn(sealed)).toBe(await vault.keyIdOf('partner-1', 'person-1'));
    expect(await vault.open(sealed)).toEqual({ state: 'clear', value: 'Ada Lovelace ✓' });
    expect(await vault.open('')).toEqual({ state: 'not-sealed', value: '' });
    expect(await another().open(sealed)).toEqual({ state: 'clear', value: 'Ada Lovelace ✓' });
  });

  it('uses a fresh IV every time: the same value never seals the same twice', async () => {
    const values = await Promise.all(Array.from({ length: 50 }, () => vault.seal('p', 'x', 'same')));
    expect(new Set(values).size).toBe(50);
    const ivs = values.map((value) => Buffer.from(value.split(':')[3]!, 'base64url').subarray(0, 12).toString('hex'));
    expect(new Set(ivs).size).toBe(50);
  });

  it('passes plain text through, and refuses a malformed or unknown-version sealed value', async () => {
    expect(await vault.open('Grace Hopper')).toEqual({ state: 'not-sealed', value: 'Grace Hopper' });
    expect(vault.isSealed('Grace Hopper')).toBe(false);
    expect(vault.keyIdIn('Grace Hopper')).toBeNull();
    await expect(vault.open('pii:v1:pk_abc')).rejects.toBeInstanceOf(SealedValueError);
    await expect(vault.open('pii:v1:pk_abc:AAAA')).rejects.toBeInstanceOf(SealedValueError);
    await expect(vault.open('pii:v9:pk_abc:AAAA')).rejects.toBeInstanceOf(SealedValueError);
  });

  it('refuses a value altered, or moved to another key id', async () => {
    const sealed = await vault.seal('p', 'alice', 'Alice');
    const other = await vault.seal('p', 'bob', 'Bob');
    const [, , keyId, payload] = sealed.split(':') as [string, string, string, string];
    const bytes = Buffer.from(payload, 'base64url');
    bytes[bytes.length - 20]! ^= 1;
    await expect(vault.open(`pii:v1:${keyId}:${bytes.toString('base64url')}`)).rejects.toBeInstanceOf(SealedValueError);
    await expect(vault.open(`pii:v1:${vault.keyIdIn(other)}:${payload}`)).rejects.toBeInstanceOf(SealedValueError);
  });

  it("refuses a wrapped key copied onto another key id's row (the key id is the wrapping's AAD)", async () => {
    const sealed = await vault.seal('p', 'alice', 'Alice');
    const alice = (await store.get(vault.keyIdIn(sealed)!))!;
    // a row forged for a new key id, carrying Alice's wrapped key
    await store.create({ keyId: 'pk_forged', personRef: alice.personRef, wrappedKey: alice.wrappedKey });
    const moved = sealed.replace(alice.keyId, 'pk_forged');
    await expect(another().open(moved)).rejects.toBeInstanceOf(KeyUnwrapError);
  });

  it('refuses to run on a store written under another master key', async () => {
    await vault.seal('p', 'alice', 'Alice');
    const stranger = new PersonalDataVault({ store, masterKey: randomBytes(32) });
    await expect(stranger.keyIdOf('p', 'alice')).rejects.toBeInstanceOf(KeyUnwrapError);
  });

  it('erases a person at every partner: their values open as erased, everyone else stays readable', async () => {
    const atOne = await vault.seal('partner-1', 'alice', 'Alice');
    const atTwo = await vault.seal('partner-2', 'alice', 'Alice A.');
    const bob = await vault.seal('partner-1', 'bob', 'Bob');
    const erased = await vault.erase('alice');
    expect(erased.sort()).toEqual([vault.keyIdIn(atOne), vault.keyIdIn(atTwo)].sort());
    expect(await vault.open(atOne)).toEqual({ state: 'erased', keyId: vault.keyIdIn(atOne) });
    expect(await vault.open(atTwo)).toEqual({ state: 'erased', keyId: vault.keyIdIn(atTwo) });
    expect(await another().open(atOne)).toEqual({ state: 'erased', keyId: vault.keyIdIn(atOne) });
    expect(await vault.open(bob)).toEqual({ state: 'clear', value: 'Bob' });
    expect(await vault.erase('alice')).toEqual([]);
    expect(await vault.erase('never-seen')).toEqual([]);
  });

  it('does not store an erased person again (a message redelivered after the erasure)', async () => {
    await vault.seal('p', 'alice', 'Alice');
    await vault.erase('alice');
    await expect(vault.seal('p', 'alice', 'Alice')).rejects.toBeInstanceOf(PersonErasedError);
    await expect(another().seal('p', 'alice', 'Alice')).rejects.toBeInstanceOf(PersonErasedError);
    // the same person at a partner they were never sealed at is a new key
    await expect(vault.seal('other-partner', 'alice', 'Alice')).resolves.toMatch(/^pii:v1:/);
  });

  it("sees another instance's erasure once its cached key expires (cacheTtlMs)", async () => {
    let now = 0;
    const reader = another({ cacheTtlMs: 5_000, now: () => now });
    const sealed = await vault.seal('p', 'alice', 'Alice');
    expect((await reader.open(sealed)).state).toBe('clear');
    await vault.erase('alice');
    now = 4_999;
    expect((await reader.open(sealed)).state).toBe('clear');
    now = 5_000;
    expect((await reader.open(sealed)).state).toBe('erased');
  });

  it('gives stable pseudonyms across instances on one store, different per partner and per store', async () => {
    const keyId = await vault.keyIdOf('partner-1', 'alice');
    expect(await another().keyIdOf('partner-1', 'alice')).toBe(keyId);
    expect(await vault.keyIdOf('partner-2', 'alice')).not.toBe(keyId);
    expect(await vault.keyIdOf('partner-1', 'bob')).not.toBe(keyId);
    expect(await vault.personRefOf('alice')).toBe(await another().personRefOf('alice'));
    expect(await vault.personRefOf('alice')).toMatch(/^pr_/);
    // unambiguous: the boundary between partner and person ids is part of what is hashed
    expect(await vault.keyIdOf('a:b', 'c')).not.toBe(await vault.keyIdOf('a', 'b:c'));
    const elsewhere = new PersonalDataVault({ store: new InMemoryPersonKeyStore(), masterKey });
    expect(await elsewhere.keyIdOf('partner-1', 'alice')).not.toBe(keyId);
  });

  it('makes one key when seals for a new person race, within an instance and across instances', async () => {
    const others = [another(), another()];
    const sealed = await Promise.all(Array.from({ length: 30 }, (_, i) => [vault, ...others][i % 3]!.seal('p', 'new-person', `v${i}`)));
    expect(await store.keysOf(await vault.personRefOf('new-person'))).toHaveLength(1);
    for (const [i, value] of sealed.entries()) expect(await another().open(value)).toEqual({ state: 'clear', value: `v${i}` });
  });
});

describe('personal-data vault: what the store holds (in-memory FAKE store)', () => {
  it('holds no plaintext, no person id, no partner id and no data key in clear', async () => {
    const space = new InMemoryKeySpace();
    const vault = new PersonalDataVault({ store: space.open(), masterKey: randomBytes(32) });
    const personId = 'engineer-7f3a9c';
    const partnerId = 'partner-acme-42';
    const name = 'Zoë Quattlebaum';
    const sealed = await vault.seal(partnerId, personId, name);
    const stored = Buffer.concat(
      [...space.keys.values()].flatMap((row) => (row === 'destroyed' ? [] : [Buffer.from(row.keyId), Buffer.from(row.personRef), row.wrappedKey])).concat([...space.meta.values()]),
    );
    for (const secret of [personId, partnerId, name]) {
      expect(stored.includes(Buffer.from(secret, 'utf8'))).toBe(false);
      expect(sealed.includes(secret)).toBe(false);
    }
    // one row, its wrapped key 61 bytes: a version byte, the IV (12), the key (32), the tag (16)
    expect([...space.keys.values()].map((row) => (row === 'destroyed' ? 0 : row.wrappedKey.length))).toEqual([61]);
  });

  it('keeps at most cacheSize keys in memory', async () => {
    const space = new InMemoryKeySpace();
    const store = space.open();
    const gets = jest.spyOn(store, 'get');
    const vault = new PersonalDataVault({ store, masterKey: randomBytes(32), cacheSize: 2 });
    const [a, b, c] = [await vault.seal('p', 'a', 'A'), await vault.seal('p', 'b', 'B'), await vault.seal('p', 'c', 'C')];
    gets.mockClear();
    await vault.open(c);
    await vault.open(b);
    expect(gets).not.toHaveBeenCalled();
    await vault.open(a); // evicted: asks the store
    expect(gets).toHaveBeenCalledTimes(1);
  });
});

describe('personal-data vault: properties (in-memory FAKE store)', () => {
  const vault = new PersonalDataVault({ store: new InMemoryPersonKeyStore(), masterKey: randomBytes(32) });

  it('opens what it sealed, for any text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 200 }), async (personId, text) => {
        const sealed = await vault.seal('p', personId, text);
        expect(await vault.open(sealed)).toEqual({ state: 'clear', value: text });
      }),
      { numRuns: 200 },
    );
  });

  it('gives different key ids to different (partner, person) pairs', async () => {
    const id = fc.string({ minLength: 1, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(id, id, id, id, async (p1, q1, p2, q2) => {
        fc.pre(p1 !== p2 || q1 !== q2);
        expect(await vault.keyIdOf(p1, q1)).not.toBe(await vault.keyIdOf(p2, q2));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses any single flipped bit of a sealed payload', async () => {
    const sealed = await vault.seal('p', 'bits', 'Ada');
    const [head, payload] = [sealed.slice(0, sealed.lastIndexOf(':') + 1), sealed.slice(sealed.lastIndexOf(':') + 1)];
    const bytes = Buffer.from(payload, 'base64url');
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bytes.length * 8 - 1 }), async (bit) => {
        const altered = Buffer.from(bytes);
        altered[bit >> 3]! ^= 1 << (bit & 7);
        await expect(vault.open(head + altered.toString('base64url'))).rejects.toBeInstanceOf(SealedValueError);
      }),
    );
  });
});
