/**
 * The person-key store port: where each person's data key lives, wrapped (encrypted) by a
 * master key, so that erasing a person is destroying a key (crypto-shredding). Adapters:
 * embedded (its own SQLite file, never the event store's) and MongoDB, held to one contract
 * suite (testing/person-key-store.contract.ts).
 *
 * The store never sees a key in clear, a personal datum, nor a person id: rows hold a key id
 * and a person reference, both keyed pseudonyms (HMAC) the vault derives, and the wrapped key.
 *
 * A destroyed key leaves a tombstone (its key id alone, no key, no person reference), and a
 * tombstoned key id is never created again. A message redelivered after an erasure (delivery
 * is at least once) would otherwise quietly create a fresh key for the same person and store
 * their data again, and values sealed before the erasure would then meet a different key and
 * fail to authenticate instead of reading as erased.
 *
 * A KMS-backed deployment (AWS KMS, GCP KMS, Azure Key Vault, Vault transit) changes the
 * *wrapping*, not this port: it implements `KeyWrapper` (key-wrapper.ts) by calling the KMS's
 * encrypt/decrypt with the AAD as encryption context, so the master key never leaves the KMS
 * and is never held by this process; the rows kept here are the same. See the README.
 */
export interface PersonKeyRow {
  /** A keyed pseudonym of (partner, person): `pk_...`. */
  keyId: string;
  /** A keyed pseudonym of the person alone (`pr_...`), so an erasure finds every partner's key. */
  personRef: string;
  /** The data key wrapped by the master key, its key id as AAD. Opaque to the store. */
  wrappedKey: Buffer;
}

export interface PersonKeyStore {
  /**
   * Inserts the row unless its key id is known, then reads back and returns what is stored:
   * two instances racing for one key id both end up with the same, single, key. Returns null
   * when the key id was destroyed (it stays destroyed).
   */
  create(row: PersonKeyRow): Promise<PersonKeyRow | null>;
  /** The live row of a key id; null when it was never created or has been destroyed. */
  get(keyId: string): Promise<PersonKeyRow | null>;
  /** The key ids of a person's live keys, in key id order. */
  keysOf(personRef: string): Promise<string[]>;
  /**
   * Destroys the wrapped keys of these key ids, leaving tombstones; returns how many live
   * keys were destroyed (so a repeat returns 0). When it resolves, no copy of the wrapped key
   * is left in the store's own files (the embedded store) or visible to any read (MongoDB).
   */
  destroy(keyIds: string[]): Promise<number>;
  /** A named secret (wrapped by the master key), e.g. the pseudonym secret; null when absent. */
  getMeta(name: string): Promise<Buffer | null>;
  /** Stores the value unless one is stored under that name; returns the one stored. Never destroyed. */
  putMetaIfAbsent(name: string, value: Buffer): Promise<Buffer>;
  close(): Promise<void>;
}

export const PERSON_KEY_STORE = Symbol('PERSON_KEY_STORE');
