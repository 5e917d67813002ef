/**
 * A bounded cache of unwrapped data keys, least recently used first out. An entry may also
 * remember that a key is gone (`null`): a destroyed key never comes back, so rebuilding a
 * projection over many erased values asks the store once per key, not once per value.
 *
 * Entries expire after `ttlMs`: this is how long another instance's erasure may go unseen
 * here (an erasure through this instance is seen at once).
 */
export class KeyCache {
  private readonly entries = new Map<string, { key: Buffer | null; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError('cache size must be a whole number');
  }

  /** The key, null when known gone, undefined when not cached (or expired). */
  get(keyId: string): Buffer | null | undefined {
    const entry = this.entries.get(keyId);
    if (!entry) return undefined;
    this.entries.delete(keyId);
    if (this.now() - entry.at >= this.ttlMs) return undefined;
    this.entries.set(keyId, entry); // most recently used last
    return entry.key;
  }

  set(keyId: string, key: Buffer | null): void {
    if (this.capacity === 0) return;
    this.entries.delete(keyId);
    this.entries.set(keyId, { key, at: this.now() });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
