import { Binary, Collection, MongoClient, MongoServerError } from 'mongodb';
import { PersonKeyRow, PersonKeyStore } from '../person-key-store.port';

export interface MongoPersonKeyStoreOptions {
  /** A MongoDB connection string; its path names the database unless `database` is given. */
  url: string;
  /** Defaults to the database in the URL, then to `partner_ledger`. */
  database?: string;
  /** The keys' collection (default `person_keys`); meta lives in `<collection>_meta`. */
  collection?: string;
  /** How long an operation waits for a reachable server. */
  serverSelectionTimeoutMS?: number;
}

/** A live key, or (once destroyed) a tombstone with the id alone. */
interface KeyShape {
  _id: string;
  personRef?: string;
  wrappedKey?: Binary;
  destroyed?: true;
}

interface MetaShape {
  _id: string;
  value: Binary;
}

const DEFAULT_DATABASE = 'partner_ledger';
const DUPLICATE_KEY = 11000;

function databaseFromUrl(url: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?#]*\/([^?#]*)/i.exec(url);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

const isDuplicateKey = (error: unknown) => error instanceof MongoServerError && error.code === DUPLICATE_KEY;
const bytes = (binary: Binary) => Buffer.from(binary.value());

/**
 * The person-key store on MongoDB: `person_keys` holds `{ _id: keyId, personRef, wrappedKey:
 * BinData }` (personRef indexed), `person_keys_meta` holds `{ _id: name, value: BinData }`.
 *
 * Writes are acknowledged by a majority and journaled: a key lost in a failover after its
 * sealed values were appended would erase that person's data by accident.
 *
 * Destroying unsets the wrapped key, so no read returns it again. What MongoDB itself may
 * still hold for a while (the oplog, the storage engine's free space, backups) is beyond a
 * client's reach: those copies are wrapped by the master key, so the retention of key-store
 * backups bounds how long an erased person stays recoverable by someone who also holds the
 * master key.
 */
export class MongoPersonKeyStore implements PersonKeyStore {
  private readonly client: MongoClient;
  private readonly keys: Collection<KeyShape>;
  private readonly meta: Collection<MetaShape>;
  private closed = false;

  constructor(options: MongoPersonKeyStoreOptions) {
    this.client = new MongoClient(options.url, {
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 10_000,
      writeConcern: { w: 'majority', journal: true },
    });
    const db = this.client.db(options.database ?? databaseFromUrl(options.url) ?? DEFAULT_DATABASE);
    const name = options.collection ?? 'person_keys';
    this.keys = db.collection<KeyShape>(name);
    this.meta = db.collection<MetaShape>(`${name}_meta`);
  }

  /** Opens a store, checks that the server answers and creates the person index if missing. */
  static async connect(options: MongoPersonKeyStoreOptions): Promise<MongoPersonKeyStore> {
    const store = new MongoPersonKeyStore(options);
    try {
      await store.keys.createIndex({ personRef: 1 }, { name: 'person_keys_by_person' });
      return store;
    } catch (error) {
      await store.close().catch(() => undefined);
      throw error;
    }
  }

  async create(row: PersonKeyRow): Promise<PersonKeyRow | null> {
    this.assertOpen();
    try {
      await this.keys.insertOne({ _id: row.keyId, personRef: row.personRef, wrappedKey: new Binary(row.wrappedKey) });
    } catch (error) {
      // Someone inserted it first (or destroyed it): what is stored decides.
      if (!isDuplicateKey(error)) throw error;
    }
    return this.get(row.keyId);
  }

  async get(keyId: string): Promise<PersonKeyRow | null> {
    this.assertOpen();
    const doc = await this.keys.findOne({ _id: keyId });
    if (!doc || doc.destroyed || !doc.wrappedKey || doc.personRef === undefined) return null;
    return { keyId: doc._id, personRef: doc.personRef, wrappedKey: bytes(doc.wrappedKey) };
  }

  async keysOf(personRef: string): Promise<string[]> {
    this.assertOpen();
    // Tombstones have no personRef, so the index alone answers.
    const docs = await this.keys.find({ personRef }, { projection: { _id: 1 } }).toArray();
    return docs.map((doc) => doc._id).sort();
  }

  async destroy(keyIds: string[]): Promise<number> {
    this.assertOpen();
    if (keyIds.length === 0) return 0;
    const result = await this.keys.updateMany(
      { _id: { $in: keyIds }, destroyed: { $exists: false } },
      { $set: { destroyed: true }, $unset: { personRef: '', wrappedKey: '' } },
    );
    return result.modifiedCount;
  }

  async getMeta(name: string): Promise<Buffer | null> {
    this.assertOpen();
    const doc = await this.meta.findOne({ _id: name });
    return doc ? bytes(doc.value) : null;
  }

  async putMetaIfAbsent(name: string, value: Buffer): Promise<Buffer> {
    this.assertOpen();
    try {
      await this.meta.insertOne({ _id: name, value: new Binary(value) });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const stored = await this.getMeta(name);
    if (!stored) throw new Error(`person-key store: meta ${name} vanished after insert`);
    return stored;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the person-key store is closed');
  }
}
