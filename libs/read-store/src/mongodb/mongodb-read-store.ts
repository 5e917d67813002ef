import {
  AnyBulkWriteOperation,
  Collection,
  Db,
  Filter as MongoFilter,
  IndexDirection,
  MongoBulkWriteError,
  MongoClient,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerClosedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  Sort,
} from 'mongodb';
import { ClaimShape, MongoLeases } from './mongo-leases';
import { assertFieldPath, decodeCursor, encodeCursor } from '../cursor';
import {
  CheckpointSource, CollectionSpec, ReadModelGenerations, Document, DocumentWrite, FindQuery, LeaseFence, LeaseGrant, LeaseLostError, Page, ReadStore,
  ReadStoreUnavailableError, Scalar, StoredDocument,
} from '../read-store.port';

export interface MongoReadStoreOptions {
  /** A MongoDB connection string; its path names the database unless `database` is given. */
  url: string;
  /** Defaults to the database in the URL, then to `partner_ledger`. */
  database?: string;
  /**
   * Where projection checkpoints live, and beside them (in `<name>_sources`) the event store
   * each one's positions belong to; no read-model collection may take either name.
   */
  checkpointCollection?: string;
  /** How long an operation waits for a reachable server before failing as unavailable. */
  serverSelectionTimeoutMS?: number;
}

/** How a document is stored: the id as `_id`, the position as an exact int64, then the fields. */
interface StoredShape {
  _id: string;
  _position: bigint;
  [field: string]: unknown;
}

interface CheckpointShape {
  _id: string;
  position: bigint;
  /** The epoch of the lease the last fenced commit was made under. */
  epoch?: number | bigint;
}

interface CheckpointSourceShape {
  _id: string;
  kind: string;
  storeId: string;
}

interface ReadModelVersionShape {
  _id: string;
  version: number | bigint;
}

interface GenerationsShape {
  _id: string;
  live: number | bigint;
  kept: (number | bigint)[];
}

const DEFAULT_DATABASE = 'partner_ledger';
const RESERVED = new Set(['_id', '_position']);
const DUPLICATE_KEY = 11000;
/** Server answers that mean "not now" rather than "never": shutdowns, elections, timeouts. */
const TRANSIENT_CODES = new Set([6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);

/** The database named in a connection string's path, if any (`mongodb://h1,h2/name?x=y`). */
export function databaseFromUrl(url: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?#]*\/([^?#]*)/i.exec(url);
  const name = match?.[1] ? decodeURIComponent(match[1]) : '';
  return name === '' ? undefined : name;
}

function isUnavailable(error: unknown): boolean {
  // A bulk write wraps a driver failure (network, server selection) as its errorResponse.
  if (error instanceof MongoBulkWriteError && error.errorResponse instanceof Error) return isUnavailable(error.errorResponse);
  return (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoServerClosedError ||
    error instanceof MongoOperationTimeoutError ||
    (error instanceof MongoServerError && typeof error.code === 'number' && TRANSIENT_CODES.has(error.code))
  );
}

const isDuplicateKey = (error: unknown) => error instanceof MongoServerError && error.code === DUPLICATE_KEY;

/** True when every failure in a bulk write is a duplicate key and nothing else went wrong. */
function onlyDuplicateKeys(error: unknown): boolean {
  if (!(error instanceof MongoBulkWriteError) || error.writeConcernError) return false;
  const failures = ([] as { code: number }[]).concat(error.writeErrors as { code: number } | { code: number }[]);
  return failures.length > 0 && failures.every((failure) => failure.code === DUPLICATE_KEY);
}

function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (value && typeof value === 'object' && 'toBigInt' in value && typeof value.toBigInt === 'function') return value.toBigInt() as bigint;
  throw new TypeError(`stored position is not an integer: ${String(value)}`);
}

/** Marks a bigint through JSON's round trip below; no document field is named so. */
const INT64 = '__ledger_int64__';

/**
 * A document as MongoDB stores it: normalised exactly as the embedded store's JSON text is
 * (undefined dropped, a Date as its text), every integer as an int64 (the driver writes a
 * bigint as `Long`: a number would be an `int` below 2^31 and a `double` above), and the
 * collection's date fields as BSON `Date`.
 */
function toBson(write: DocumentWrite, dates: readonly string[]): Document {
  const text = JSON.stringify(write.doc, (_key, value: unknown) => (typeof value === 'bigint' ? { [INT64]: value.toString() } : value));
  const doc: unknown =
    text === undefined
      ? undefined
      : JSON.parse(text, (_key, value: unknown) => {
          if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
          if (value !== null && typeof value === 'object' && INT64 in value) return BigInt((value as Record<string, string>)[INT64]!);
          return value;
        });
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new TypeError(`document ${write.collection}/${write.id} is not a JSON object`);
  const fields = doc as Document;
  for (const key of Object.keys(fields)) {
    if (RESERVED.has(key)) throw new RangeError(`document ${write.collection}/${write.id}: field ${key} is reserved by the MongoDB read store`);
  }
  for (const field of dates) {
    const value = fields[field];
    if (value === undefined || value === null) continue;
    const instant = typeof value === 'string' ? new Date(value) : undefined;
    if (!instant || Number.isNaN(instant.getTime())) throw new RangeError(`document ${write.collection}/${write.id}: date field ${field} is not an ISO-8601 instant`);
    fields[field] = instant;
  }
  return fields;
}

/** A stored value as documents hold it: int64 as a number (a bigint beyond 2^53), a Date as ISO-8601 text. */
function fromBson(value: unknown): unknown {
  if (typeof value === 'bigint') return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(fromBson);
  if (value !== null && typeof value === 'object') {
    const decoded: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) decoded[key] = fromBson(field);
    return decoded;
  }
  return value;
}

function valueAt(stored: StoredShape, path: string): Scalar | null {
  let value: unknown = stored;
  for (const key of path.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value === undefined || value === null ? null : (fromBson(value) as Scalar);
}

function toStored<T>(stored: StoredShape): StoredDocument<T> {
  const { _id, _position, ...doc } = stored;
  return { id: _id, position: toBigInt(_position), doc: fromBson(doc) as T };
}

/**
 * The read store on MongoDB: a collection per read model holding `{ _id, _position, ...doc }`,
 * and one collection of checkpoints. Works on a single node without transactions (and on
 * FerretDB): each document write is conditional on its stored position being older, so
 * documents first and checkpoint last is enough for replays to change nothing.
 */
export class MongoReadStore implements ReadStore {
  private readonly client: MongoClient;
  private readonly db: Db;
  private readonly checkpointCollection: string;
  private readonly sourceCollection: string;
  private readonly versionCollection: string;
  private readonly leaseCollection: string;
  private readonly generationCollection: string;
  /** Each collection's date fields, as its spec declared them. */
  private readonly dates = new Map<string, readonly string[]>();
  private closed = false;

  constructor(options: MongoReadStoreOptions) {
    this.client = new MongoClient(options.url, {
      // positions are int64 and come back as bigint, exactly
      useBigInt64: true,
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 10_000,
    });
    this.db = this.client.db(options.database ?? databaseFromUrl(options.url) ?? DEFAULT_DATABASE);
    this.checkpointCollection = assertFieldPath(options.checkpointCollection ?? 'checkpoints');
    this.sourceCollection = `${this.checkpointCollection}_sources`;
    this.versionCollection = `${this.checkpointCollection}_versions`;
    this.leaseCollection = `${this.checkpointCollection}_leases`;
    this.generationCollection = `${this.checkpointCollection}_generations`;
  }

  /** Opens a store and checks that the server answers, so a wrong URL fails at boot. */
  static async connect(options: MongoReadStoreOptions): Promise<MongoReadStore> {
    const store = new MongoReadStore(options);
    try {
      await store.guard('connect', () => store.db.command({ ping: 1 }));
      return store;
    } catch (error) {
      await store.close().catch(() => undefined);
      throw error;
    }
  }

  get databaseName(): string {
    return this.db.databaseName;
  }

  async ensureCollections(specs: CollectionSpec[]): Promise<void> {
    await this.guard('ensureCollections', async () => {
      const existing = new Set(
        (await this.db.listCollections({}, { nameOnly: true }).toArray()).map((collection) => collection.name),
      );
      for (const spec of specs) {
        const collection = this.collection(spec.name);
        this.dates.set(spec.name, (spec.dates ?? []).map((field) => this.documentPath(field)));
        if (!existing.has(spec.name)) {
          await this.db.createCollection(spec.name).catch((error: unknown) => {
            if (!(error instanceof MongoServerError && error.code === 48)) throw error; // 48: created meanwhile
          });
        }
        for (const index of spec.indexes) {
          if (index.fields.length === 0) continue;
          const keys: [string, IndexDirection][] = index.fields.map((f) => [assertFieldPath(f.field), f.direction === 'asc' ? 1 : -1]);
          // Ties are broken by id, in the direction of the last field (an index serves both directions).
          keys.push(['_id', keys[keys.length - 1]![1]]);
          await collection.createIndex(Object.fromEntries(keys));
        }
      }
    });
  }

  async get<T = Document>(collection: string, id: string): Promise<StoredDocument<T> | null> {
    return (await this.getMany<T>(collection, [id])).get(id) ?? null;
  }

  async getMany<T = Document>(collection: string, ids: string[]): Promise<Map<string, StoredDocument<T>>> {
    const found = new Map<string, StoredDocument<T>>();
    if (ids.length === 0) return found;
    const stored = await this.guard('getMany', () => this.collection(collection).find({ _id: { $in: ids } }).toArray());
    for (const document of stored) found.set(document._id, toStored<T>(document));
    return found;
  }

  async scan<T = Document>(collection: string, page: { afterId?: string; limit: number }): Promise<StoredDocument<T>[]> {
    const filter: MongoFilter<StoredShape> = page.afterId === undefined ? {} : { _id: { $gt: page.afterId } };
    const stored = await this.guard('scan', () => this.collection(collection).find(filter).sort({ _id: 1 }).limit(page.limit).toArray());
    return stored.map((document) => toStored<T>(document));
  }

  async find<T = Document>(collection: string, query: FindQuery): Promise<Page<T>> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const target = this.collection(collection);
    const conditions: MongoFilter<StoredShape>[] = [];
    const stored = this.storedValue(collection);
    for (const [path, condition] of Object.entries(query.filter ?? {})) {
      const field = this.documentPath(path);
      if (typeof condition !== 'object') conditions.push({ [field]: stored(field, condition) });
      else if ('in' in condition) conditions.push({ [field]: { $in: condition.in.map((value) => stored(field, value)) } });
      else {
        const range: Record<string, Scalar | Date> = {};
        if (condition.gte !== undefined) range['$gte'] = stored(field, condition.gte);
        if (condition.lt !== undefined) range['$lt'] = stored(field, condition.lt);
        // A range with no bound at all filters nothing, as in the embedded store.
        if (Object.keys(range).length > 0) conditions.push({ [field]: range });
      }
    }
    const direction = query.sort?.direction ?? 'asc';
    const order = direction === 'asc' ? 1 : -1;
    const beyond = direction === 'asc' ? '$gt' : '$lt';
    const field = query.sort ? this.documentPath(query.sort.field) : undefined;
    if (after) conditions.push(field === undefined ? { _id: { [beyond]: after.id } } : this.after(field, direction, after.value === null ? null : stored(field, after.value), after.id));
    const sort: Sort = field === undefined ? { _id: order } : { [field]: order, _id: order };
    const filter: MongoFilter<StoredShape> = conditions.length === 0 ? {} : conditions.length === 1 ? conditions[0]! : { $and: conditions };

    const found = await this.guard('find', () => target.find(filter).sort(sort).limit(query.limit + 1).toArray());
    const page = found.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((document) => toStored<T>(document).doc),
      nextCursor:
        found.length > query.limit && last ? encodeCursor({ value: field === undefined ? null : valueAt(last, field), id: last._id }) : null,
    };
  }

  async commit(projection: string, writes: DocumentWrite[], checkpoint: bigint, fence?: LeaseFence): Promise<void> {
    // Check everything before writing anything, so a bad document leaves no half-commit.
    const byCollection = new Map<string, Map<string, { doc: Document; position: bigint }>>();
    for (const write of writes) {
      this.collection(write.collection);
      const doc = toBson(write, this.dates.get(write.collection) ?? []);
      let pending = byCollection.get(write.collection);
      if (!pending) byCollection.set(write.collection, (pending = new Map()));
      const held = pending.get(write.id);
      // Of several writes to one document only the newest can win; keep just that one.
      if (!held || write.position > held.position) pending.set(write.id, { doc, position: write.position });
    }

    await this.guard('commit', async () => {
      if (fence) {
        // No transactions to span collections (FerretDB, mongo-java-server): a stale holder is
        // turned away here, before any document; the checkpoint write below is the fence proper.
        const current = await this.leases().current(fence.name);
        if (!current || current.holder !== fence.holder || current.epoch !== fence.epoch) throw new LeaseLostError(fence);
      }
      for (const [name, pending] of byCollection) await this.writeAll(this.collection(name), pending);
      if (fence) return this.fencedCheckpoint(projection, checkpoint, fence);
      await this.checkpoints()
        .replaceOne({ _id: projection }, { position: checkpoint }, { upsert: true })
        .catch(async (error: unknown) => {
          if (!isDuplicateKey(error)) throw error; // a concurrent first checkpoint: it exists now
          await this.checkpoints().replaceOne({ _id: projection }, { position: checkpoint });
        });
    });
  }

  /**
   * The checkpoint moves only under the epoch it was last moved under or a newer one: once a
   * successor has committed, its predecessor's commits are refused. One single-document write.
   */
  private async fencedCheckpoint(projection: string, checkpoint: bigint, fence: LeaseFence): Promise<void> {
    const filter = { _id: projection, $or: [{ epoch: { $exists: false } }, { epoch: { $lte: fence.epoch } }] };
    try {
      await this.checkpoints().updateOne(filter, { $set: { position: checkpoint, epoch: BigInt(fence.epoch) } }, { upsert: true });
    } catch (error) {
      // The filter missed an existing checkpoint (a newer epoch's), so the upsert's insert hit its _id.
      if (isDuplicateKey(error)) throw new LeaseLostError(fence);
      throw error;
    }
  }

  async checkpoint(projection: string): Promise<bigint | null> {
    const found = await this.guard('checkpoint', () => this.checkpoints().findOne({ _id: projection }));
    return found ? toBigInt(found.position) : null;
  }

  async checkpointSource(name: string): Promise<CheckpointSource | null> {
    const found = await this.guard('checkpointSource', () => this.sources().findOne({ _id: name }));
    return found ? { kind: found.kind, storeId: found.storeId } : null;
  }

  async recordCheckpointSource(name: string, source: CheckpointSource): Promise<void> {
    const replacement = { kind: source.kind, storeId: source.storeId };
    await this.guard('recordCheckpointSource', () =>
      this.sources()
        .replaceOne({ _id: name }, replacement, { upsert: true })
        .catch(async (error: unknown) => {
          if (!isDuplicateKey(error)) throw error; // a concurrent first record: it exists now
          await this.sources().replaceOne({ _id: name }, replacement);
        }));
  }

  async tryLease(name: string, holder: string, ttlMs: number, now: Date): Promise<LeaseGrant | null> {
    return this.guard('tryLease', () => this.leases().tryLease(name, holder, ttlMs, now));
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.guard('releaseLease', () => this.leases().release(name, holder));
  }

  async lease(name: string): Promise<LeaseGrant | null> {
    return this.guard('lease', () => this.leases().current(name));
  }

  async readModelVersion(projection: string): Promise<number | null> {
    const found = await this.guard('readModelVersion', () => this.versions().findOne({ _id: projection }));
    return found ? Number(found.version) : null;
  }

  async recordReadModelVersion(projection: string, version: number): Promise<void> {
    await this.guard('recordReadModelVersion', () =>
      this.versions()
        .replaceOne({ _id: projection }, { version: BigInt(version) }, { upsert: true })
        .catch(async (error: unknown) => {
          if (!isDuplicateKey(error)) throw error; // a concurrent first record: it exists now
          await this.versions().replaceOne({ _id: projection }, { version: BigInt(version) });
        }));
  }

  async generations(): Promise<Record<string, ReadModelGenerations>> {
    const found = await this.guard('generations', () => this.db.collection<GenerationsShape>(this.generationCollection).find({}).toArray());
    return Object.fromEntries(found.map((record) => [record._id, { live: Number(record.live), kept: record.kept.map(Number) }]));
  }

  async recordGenerations(records: Record<string, ReadModelGenerations>): Promise<void> {
    // A document per projection, replaced whole: its switch is one single-document write.
    const operations = Object.entries(records).map(([projection, record]) => ({
      replaceOne: { filter: { _id: projection }, replacement: { live: record.live, kept: record.kept }, upsert: true },
    }));
    if (operations.length === 0) return;
    await this.guard('recordGenerations', () => this.db.collection<GenerationsShape>(this.generationCollection).bulkWrite(operations, { ordered: true }));
  }

  async reset(projection: string, collections: string[]): Promise<void> {
    const targets = collections.map((name) => this.collection(name));
    await this.guard('reset', async () => {
      // Checkpoint first: interrupted, the projection starts from zero again rather than
      // continuing on emptied collections.
      await this.checkpoints().deleteOne({ _id: projection });
      // Dropped, not emptied: deleting every document one by one takes far longer. The
      // rebuild creates them and their indexes again. 26: there was no such collection.
      for (const collection of targets) {
        await collection.drop().catch((error: unknown) => {
          // mongo-java-server says so without the code (real MongoDB before 7.0 gives code 26).
          if (!(error instanceof MongoServerError && (error.code === 26 || /ns not found/i.test(error.message)))) throw error;
        });
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client.close();
  }

  /**
   * Writes a collection's documents of one commit. The positions stored are read first (by
   * `_id`, which every server answers from its index): documents not there yet are inserted
   * in bulk, older ones replaced on condition, and those already at that position or newer
   * (a replay) are left alone. A conditional upsert on `{ _id, _position: { $lt } }` for
   * every document, as before, cost FerretDB a scan of the whole collection per document:
   * its SQLite backend pushes down a filter on `_id` alone (see the README's test bed notes).
   */
  private async writeAll(collection: Collection<StoredShape>, pending: Map<string, { doc: Document; position: bigint }>): Promise<void> {
    const ids = [...pending.keys()];
    const storedPositions = new Map<string, bigint>();
    for (const document of await collection.find({ _id: { $in: ids } }, { projection: { _position: 1 } }).toArray()) {
      storedPositions.set(document._id, toBigInt(document._position));
    }
    const inserts: StoredShape[] = [];
    const replaces: [string, { doc: Document; position: bigint }][] = [];
    for (const [id, write] of pending) {
      const stored = storedPositions.get(id);
      if (stored === undefined) inserts.push({ ...write.doc, _id: id, _position: write.position });
      else if (stored < write.position) replaces.push([id, write]);
    }
    if (inserts.length > 0) {
      try {
        await collection.insertMany(inserts, { ordered: true });
      } catch (error) {
        // Another writer inserted one of them meanwhile. Servers differ in what they report of
        // the rest (FerretDB misreports indexes): settle every insert of the batch one by one,
        // each on condition, so one already applied changes nothing.
        if (!onlyDuplicateKeys(error)) throw error;
        for (const { _id, _position, ...doc } of inserts) replaces.push([_id, { doc, position: _position }]);
      }
    }
    for (const [id, { doc, position }] of replaces) await this.writeOne(collection, id, doc, position);
  }

  /** One conditional write: replace if older, insert if absent, else leave it. */
  private async writeOne(collection: Collection<StoredShape>, id: string, doc: Document, position: bigint): Promise<void> {
    const filter = { _id: id, _position: { $lt: position } };
    const replacement = { ...doc, _position: position };
    try {
      await collection.replaceOne(filter, replacement, { upsert: true });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // The document exists (documents are never deleted outside reset): one more
      // conditional replace without upsert settles whether ours is newer.
      await collection.replaceOne(filter, replacement);
    }
  }

  /** Keyset condition for the documents after (value, id) in the given order; null sorts lowest. */
  private after(field: string, direction: 'asc' | 'desc', value: Scalar | Date | null, id: string): MongoFilter<StoredShape> {
    if (value === null) {
      return direction === 'asc'
        ? { $or: [{ [field]: { $ne: null } }, { [field]: null, _id: { $gt: id } }] }
        : { [field]: null, _id: { $lt: id } };
    }
    return direction === 'asc'
      ? { $or: [{ [field]: { $gt: value } }, { [field]: value, _id: { $gt: id } }] }
      : { $or: [{ [field]: { $lt: value } }, { [field]: value, _id: { $lt: id } }, { [field]: null }] };
  }

  private documentPath(path: string): string {
    assertFieldPath(path);
    if (RESERVED.has(path.split('.')[0]!)) throw new RangeError(`field ${path} is reserved by the MongoDB read store`);
    return path;
  }

  private collection(name: string): Collection<StoredShape> {
    assertFieldPath(name);
    if ([this.checkpointCollection, this.sourceCollection, this.versionCollection, this.leaseCollection, this.generationCollection].includes(name)) throw new RangeError(`collection name ${name} is taken by the checkpoints`);
    return this.db.collection<StoredShape>(name);
  }

  private checkpoints(): Collection<CheckpointShape> {
    return this.db.collection<CheckpointShape>(this.checkpointCollection);
  }

  private leases(): MongoLeases {
    return new MongoLeases(this.db.collection<ClaimShape>(this.leaseCollection));
  }

  private sources(): Collection<CheckpointSourceShape> {
    return this.db.collection<CheckpointSourceShape>(this.sourceCollection);
  }

  private versions(): Collection<ReadModelVersionShape> {
    return this.db.collection<ReadModelVersionShape>(this.versionCollection);
  }

  /** A filter's or cursor's value as the collection stores it: a date field's text as a Date. */
  private storedValue(collection: string) {
    const dates = this.dates.get(collection) ?? [];
    return (field: string, value: Scalar): Scalar | Date => (typeof value === 'string' && dates.includes(field) ? new Date(value) : value);
  }

  /** Failures to reach the server become ReadStoreUnavailableError; anything else is a bug and stays as is. */
  private async guard<R>(operation: string, work: () => Promise<R>): Promise<R> {
    if (this.closed) throw new Error(`MongoDB read store: ${operation} after close`);
    try {
      // Cheap once connected. After a failed first connection the driver keeps a closed
      // topology and answers "Topology is closed" for ever; connecting again here lets a
      // store opened while the server was down recover once it is back.
      await this.client.connect();
      return await work();
    } catch (error) {
      if (isUnavailable(error)) {
        throw new ReadStoreUnavailableError(`MongoDB read store: ${operation} failed: ${(error as Error).message}`, { cause: error });
      }
      throw error;
    }
  }
}
