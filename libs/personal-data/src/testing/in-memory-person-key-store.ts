import { PersonKeyRow, PersonKeyStore } from '../person-key-store.port';

/**
 * A FAKE person-key store, in memory, for unit specs only: it keeps nothing across
 * processes and no erasure guarantee. It is held to the same contract suite as the real
 * adapters. Instances made from one `InMemoryKeySpace` share their rows, as two instances
 * of the app share a real store.
 */
export class InMemoryKeySpace {
  readonly keys = new Map<string, PersonKeyRow | 'destroyed'>();
  readonly meta = new Map<string, Buffer>();

  open(): InMemoryPersonKeyStore {
    return new InMemoryPersonKeyStore(this);
  }
}

export class InMemoryPersonKeyStore implements PersonKeyStore {
  private closed = false;

  constructor(readonly space: InMemoryKeySpace = new InMemoryKeySpace()) {}

  async create(row: PersonKeyRow): Promise<PersonKeyRow | null> {
    this.assertOpen();
    if (!this.space.keys.has(row.keyId)) this.space.keys.set(row.keyId, { ...row, wrappedKey: Buffer.from(row.wrappedKey) });
    return this.get(row.keyId);
  }

  async get(keyId: string): Promise<PersonKeyRow | null> {
    this.assertOpen();
    const row = this.space.keys.get(keyId);
    return row && row !== 'destroyed' ? { ...row, wrappedKey: Buffer.from(row.wrappedKey) } : null;
  }

  async keysOf(personRef: string): Promise<string[]> {
    this.assertOpen();
    return [...this.space.keys.values()].flatMap((row) => (row !== 'destroyed' && row.personRef === personRef ? [row.keyId] : [])).sort();
  }

  async destroy(keyIds: string[]): Promise<number> {
    this.assertOpen();
    let destroyed = 0;
    for (const keyId of new Set(keyIds)) {
      const row = this.space.keys.get(keyId);
      if (row && row !== 'destroyed') {
        this.space.keys.set(keyId, 'destroyed');
        destroyed += 1;
      }
    }
    return destroyed;
  }

  async getMeta(name: string): Promise<Buffer | null> {
    this.assertOpen();
    const value = this.space.meta.get(name);
    return value ? Buffer.from(value) : null;
  }

  async putMetaIfAbsent(name: string, value: Buffer): Promise<Buffer> {
    this.assertOpen();
    if (!this.space.meta.has(name)) this.space.meta.set(name, Buffer.from(value));
    return Buffer.from(this.space.meta.get(name)!);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the person-key store is closed');
  }
}
