import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PersonErasedError, SealedValueError } from './errors';
import { KeyCache } from './key-cache';
import { KeyWrapper, MasterKeyWrapper } from './key-wrapper';
import { PersonKeyStore } from './person-key-store.port';
import { keyIdFor, personRefFor } from './pseudonyms';
import { IV_BYTES, formatSealed, isSealed, keyIdIn, parseSealed, sealedAad } from './sealed-value';

export interface PersonalDataVaultOptions {
  store: PersonKeyStore;
  /** The master key (32 bytes, wrapping here with AES-256-GCM), or a wrapper such as a KMS's. */
  masterKey: Buffer | KeyWrapper;
  /** How many unwrapped keys to keep in memory; default 10,000. */
  cacheSize?: number;
  /**
   * How long a cached key (or a key known gone) is trusted; default 5 s. An erasure through
   * another instance is seen here after at most this long: until then this instance may
   * still open that person's values.
   */
  cacheTtlMs?: number;
  /** A monotonic clock in milliseconds for the cache; tests pass their own. */
  now?: () => number;
}

export type OpenedValue =
  | { state: 'clear'; value: string }
  | { state: 'erased'; keyId: string }
  | { state: 'not-sealed'; value: string };

/** Name of the meta entry holding the pseudonym secret: generated once, never destroyed. */
const PSEUDONYM_SECRET = 'pseudonym-secret';
const DATA_KEY_BYTES = 32;
const wrapAad = (keyId: string) => `person-key:v1:${keyId}`;
const metaAad = (name: string) => `meta:v1:${name}`;

/**
 * Seals people's personal data (names, person ids) under a data key per person and partner,
 * so that erasing a person destroys their keys and every value sealed under them becomes
 * unreadable, wherever it was copied (events, projections, exports, backups).
 *
 * Values are AES-256-GCM with a random 12-byte IV and the key id as AAD. Data keys are
 * random, wrapped before they reach the store; key ids and person references are keyed
 * pseudonyms, so the store holds no person id in clear. Knows no Nest, logs nothing.
 */
export class PersonalDataVault {
  private readonly store: PersonKeyStore;
  private readonly wrapper: KeyWrapper;
  private readonly cache: KeyCache;
  private secret?: Promise<Buffer>;
  /** Keys being fetched or created, so concurrent seals for a new person make one key. */
  private readonly pending = new Map<string, Promise<Buffer>>();
  /**
   * Erasures this instance finished. A key fetched while one finished may be among those it
   * destroyed (read from the store just before): it is fetched again, never cached, or a
   * slow unwrap (a KMS call) would put a destroyed key back in the cache for `cacheTtlMs`.
   */
  private erasures = 0;

  constructor(options: PersonalDataVaultOptions) {
    this.store = options.store;
    this.wrapper = Buffer.isBuffer(options.masterKey) ? new MasterKeyWrapper(options.masterKey) : options.masterKey;
    this.cache = new KeyCache(options.cacheSize ?? 10_000, options.cacheTtlMs ?? 5_000, options.now ?? (() => performance.now()));
  }

  /** The key id of a person at a partner: stable for the store's pseudonym secret. */
  async keyIdOf(partnerId: string, personId: string): Promise<string> {
    return keyIdFor(await this.pseudonymSecret(), partnerId, personId);
  }

  /** The reference of a person across partners, as the store knows them. */
  async personRefOf(personId: string): Promise<string> {
    return personRefFor(await this.pseudonymSecret(), personId);
  }

  /** Seals a value under the person's key at the partner, creating the key if needed. */
  async seal(partnerId: string, personId: string, plaintext: string): Promise<string> {
    return (await this.sealerFor(partnerId, personId))(plaintext);
  }

  /**
   * Seals several values of one person: the pseudonym and the key are looked up once, each
   * value then sealed at once (an event's personal fields are all one person's).
   */
  async sealerFor(partnerId: string, personId: string): Promise<(plaintext: string) => string> {
    const keyId = await this.keyIdOf(partnerId, personId);
    const key = await this.liveKey(keyId, () => this.personRefOf(personId));
    const aad = sealedAad(keyId);
    return (plaintext) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad);
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return formatSealed({ keyId, iv, ciphertext, tag: cipher.getAuthTag() });
    };
  }

  /**
   * Opens a value: its clear text, `erased` when its key is gone, or the value itself when it
   * was never sealed. Throws SealedValueError when it is malformed or does not authenticate.
   */
  async open(value: string): Promise<OpenedValue> {
    const parts = parseSealed(value);
    if (!parts) return { state: 'not-sealed', value };
    const key = await this.existingKey(parts.keyId);
    if (!key) return { state: 'erased', keyId: parts.keyId };
    const decipher = createDecipheriv('aes-256-gcm', key, parts.iv);
    decipher.setAAD(sealedAad(parts.keyId));
    decipher.setAuthTag(parts.tag);
    try {
      return { state: 'clear', value: Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8') };
    } catch {
      throw new SealedValueError('it does not authenticate under its key (altered, or moved to another key id)');
    }
  }

  isSealed(value: string): boolean {
    return isSealed(value);
  }

  keyIdIn(value: string): string | null {
    return keyIdIn(value);
  }

  /**
   * Destroys every key of the person, at every partner; returns the key ids destroyed (none
   * on a repeat). A seal for them afterwards throws PersonErasedError. Other instances see
   * it once their cached keys expire (`cacheTtlMs`).
   */
  async erase(personId: string): Promise<string[]> {
    const keyIds = await this.store.keysOf(await this.personRefOf(personId));
    // Called even with none: a store may finish there what an earlier, interrupted erasure began.
    await this.store.destroy(keyIds);
    for (const keyId of keyIds) this.cache.set(keyId, null);
    this.erasures += 1;
    return keyIds;
  }

  /** The key of a sealed value, or null when it is gone. */
  private async existingKey(keyId: string): Promise<Buffer | null> {
    const cached = this.cache.get(keyId);
    if (cached !== undefined) return cached;
    const erasures = this.erasures;
    const row = await this.store.get(keyId);
    const key = row ? await this.wrapper.unwrap(row.wrappedKey, wrapAad(keyId)) : null;
    if (this.erasures !== erasures) return this.existingKey(keyId); // an erasure finished meanwhile
    this.cache.set(keyId, key);
    return key;
  }

  /** The key to seal with, created (once, whoever races) when the person has none yet. */
  private liveKey(keyId: string, personRef: () => Promise<string>): Promise<Buffer> {
    // A cached "gone" is not trusted here: the store decides whether the key id is destroyed.
    const cached = this.cache.get(keyId);
    if (cached) return Promise.resolve(cached);
    let pending = this.pending.get(keyId);
    if (!pending) {
      pending = this.fetchOrCreate(keyId, personRef).finally(() => this.pending.delete(keyId));
      this.pending.set(keyId, pending);
    }
    return pending;
  }

  private async fetchOrCreate(keyId: string, personRef: () => Promise<string>): Promise<Buffer> {
    const erasures = this.erasures;
    let row = await this.store.get(keyId);
    if (!row) {
      const wrappedKey = await this.wrapper.wrap(randomBytes(DATA_KEY_BYTES), wrapAad(keyId));
      // Another instance may win the race: the key stored is the one to use, ours or theirs.
      row = await this.store.create({ keyId, personRef: await personRef(), wrappedKey });
      if (!row) {
        this.cache.set(keyId, null);
        throw new PersonErasedError(keyId);
      }
    }
    const key = await this.wrapper.unwrap(row.wrappedKey, wrapAad(keyId));
    if (this.erasures !== erasures) return this.fetchOrCreate(keyId, personRef); // an erasure finished meanwhile
    this.cache.set(keyId, key);
    return key;
  }

  /** The pseudonym secret, created by the first instance on a store and shared by all. */
  private pseudonymSecret(): Promise<Buffer> {
    if (!this.secret) {
      const secret = (async () => {
        const stored =
          (await this.store.getMeta(PSEUDONYM_SECRET)) ??
          (await this.store.putMetaIfAbsent(PSEUDONYM_SECRET, await this.wrapper.wrap(randomBytes(32), metaAad(PSEUDONYM_SECRET))));
        return this.wrapper.unwrap(stored, metaAad(PSEUDONYM_SECRET));
      })();
      // A failure (store down) is not remembered: the next call tries again.
      secret.catch(() => {
        if (this.secret === secret) this.secret = undefined;
      });
      this.secret = secret;
    }
    return this.secret;
  }
}
