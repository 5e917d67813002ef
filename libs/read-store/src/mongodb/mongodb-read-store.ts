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
import { assertFieldPath, decodeCursor, encodeCursor } from '../cursor';
import {
  CheckpointSource, CollectionSpec, Document, DocumentWrite, FindQuery, Page, ReadStore, ReadStoreUnavailableError, Scalar, StoredDocument,
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
}

interface CheckpointSourceShape {
  _id: string;
  kind: string;
  storeId: string;
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

/** Documents are JSON: normalise exactly as the embedded store does (undefined dropped, dates as strings). */
function asJson(write: DocumentWrite): Document {
  const text = JSON.stringify(write.doc);
  const doc: unknown = text === undefined ? undefined : JSON.parse(text);
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new TypeError(`document ${write.collection}/${write.id} is not a JSON object`);
  for (const key of Object.keys(doc)) {
    if (RESERVED.has(key)) throw new RangeError(`document ${write.collection}/${write.id}: field ${key} is reserved by the MongoDB read store`);
  }
  return doc as Document;
}

function valueAt(stored: StoredShape, path: string): Scalar | null {
  let value: unknown = stored;
  for (const key of path.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value === undefined || value === null ? null : (value as Scalar);
}

function toStored<T>(stored: StoredShape): StoredDocument<T> {
  const { _id, _position, ...doc } = stored;
  return { id: _id, position: toBigInt(_position), doc: doc as T };
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
    for (const [path, condition] of Object.entries(query.filter ?? {})) {
      const field = this.documentPath(path);
      conditions.push({ [field]: typeof condition === 'object' ? { $in: condition.in } : condition });
    }
    const direction = query.sort?.direction ?? 'asc';
    const order = direction === 'asc' ? 1 : -1;
    const beyond = direction === 'asc' ? '$gt' : '$lt';
    const field = query.sort ? this.documentPath(query.sort.field) : undefined;
    if (after) conditions.push(field === undefined ? { _id: { [beyond]: after.id } } : this.after(field, direction, after.value, after.id));
    const sort: Sort = field === undefined ? { _id: order } : { [field]: order, _id: order };
    const filter: MongoFilter<StoredShape> = conditions.length === 0 ? {} : conditions.length === 1 ? conditions[0]! : { $and: conditions };

    const stored = await this.guard('find', () => target.find(filter).sort(sort).limit(query.limit + 1).toArray());
    const page = stored.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((document) => toStored<T>(document).doc),
      nextCursor:
        stored.length > query.limit && last ? encodeCursor({ value: field === undefined ? null : valueAt(last, field), id: last._id }) : null,
    };
  }

  async commit(projection: string, writes: DocumentWrite[], checkpoint: bigint): Promise<void> {
    // Check everything before writing anything, so a bad document leaves no half-commit.
    const byCollection = new Map<string, Map<string, { doc: Document; position: bigint }>>();
    for (const write of writes) {
      this.collection(write.collection);
      const doc = asJson(write);
      let pending = byCollection.get(write.collection);
      if (!pending) byCollection.set(write.collection, (pending = new Map()));
      const held = pending.get(write.id);
      // Of several writes to one document only the newest can win; keep just that one.
      if (!held || write.position > held.position) pending.set(write.id, { doc, position: write.position });
    }

    await this.guard('commit', async () => {
      for (const [name, pending] of byCollection) {
        const collection = this.collection(name);
        const operations: AnyBulkWriteOperation<StoredShape>[] = [...pending].map(([id, { doc, position }]) => ({
          replaceOne: { filter: { _id: id, _position: { $lt: position } }, replacement: { ...doc, _position: position }, upsert: true },
        }));
        try {
          await collection.bulkWrite(operations, { ordered: false });
        } catch (error) {
          // A duplicate key means the upsert found the document at that position or newer,
          // or lost a race with a concurrent first insert. FerretDB also stops at the first
          // failure and misreports its index, so settle every write of the batch one by one:
          // each is conditional, so repeating one already applied changes nothing.
          if (!onlyDuplicateKeys(error)) throw error;
          for (const [id, { doc, position }] of pending) await this.writeOne(collection, id, doc, position);
        }
      }
      await this.checkpoints()
        .replaceOne({ _id: projection }, { position: checkpoint }, { upsert: true })
        .catch(async (error: unknown) => {
          if (!isDuplicateKey(error)) throw error; // a concurrent first checkpoint: it exists now
          await this.checkpoints().replaceOne({ _id: projection }, { position: checkpoint });
        });
    });
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
          if (!(error instanceof MongoServerError && error.code === 26)) throw error;
        });
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client.close();
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
  private after(field: string, direction: 'asc' | 'desc', value: Scalar | null, id: string): MongoFilter<StoredShape> {
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
    if (name === this.checkpointCollection || name === this.sourceCollection) throw new RangeError(`collection name ${name} is taken by the checkpoints`);
    return this.db.collection<StoredShape>(name);
  }

  private checkpoints(): Collection<CheckpointShape> {
    return this.db.collection<CheckpointShape>(this.checkpointCollection);
  }

  private sources(): Collection<CheckpointSourceShape> {
    return this.db.collection<CheckpointSourceShape>(this.sourceCollection);
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
