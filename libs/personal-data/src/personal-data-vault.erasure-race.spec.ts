import { randomBytes } from 'node:crypto';
import { PersonErasedError } from './errors';
import { KeyWrapper, MasterKeyWrapper } from './key-wrapper';
import { PersonalDataVault } from './personal-data-vault';
import { InMemoryKeySpace } from './testing/in-memory-person-key-store';

/** A wrapper whose unwrap waits until released, as a KMS's Decrypt call takes a while. */
class HeldUnwrap implements KeyWrapper {
  private readonly inner = new MasterKeyWrapper(randomBytes(32));
  private gate?: { opened: Promise<void>; open: () => void; entered: () => void; reached: Promise<void> };
  unwraps = 0;

  /** The next unwraps wait for `release()`; `reached` settles once one is waiting. */
  hold(): { reached: Promise<void>; release: () => void } {
    let open!: () => void;
    let entered!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const reached = new Promise<void>((resolve) => (entered = resolve));
    this.gate = { opened, open, entered, reached };
    return { reached, release: () => { this.gate = undefined; open(); } };
  }

  wrap(key: Buffer, aad: string): Promise<Buffer> {
    return this.inner.wrap(key, aad);
  }

  async unwrap(wrapped: Buffer, aad: string): Promise<Buffer> {
    this.unwraps += 1;
    const gate = this.gate;
    if (gate) {
      gate.entered();
      await gate.opened;
    }
    return this.inner.unwrap(wrapped, aad);
  }
}

/**
 * An erasure finishing while this instance unwraps the same key (fetched from the store just
 * before the destroy) must not put the destroyed key back in the cache: it would read in
 * clear, and seal, for `cacheTtlMs` after the erasure said it was done.
 */
describe('personal-data vault: an erasure finishing during a slow unwrap', () => {
  let wrapper: HeldUnwrap;
  let space: InMemoryKeySpace;
  let sealed: string;
  let vault: PersonalDataVault;

  beforeEach(async () => {
    wrapper = new HeldUnwrap();
    space = new InMemoryKeySpace();
    sealed = await new PersonalDataVault({ store: space.open(), masterKey: wrapper }).seal('partner-1', 'jane', 'Jane Doe');
    // This instance has not cached the key yet (a restart, or its cache entry expired).
    vault = new PersonalDataVault({ store: space.open(), masterKey: wrapper });
    await vault.personRefOf('warm-up'); // unwraps the pseudonym secret before any hold
  });

  it('reads the value as erased, during and after the erasure', async () => {
    const held = wrapper.hold();
    const reading = vault.open(sealed);
    await held.reached;
    expect(await vault.erase('jane')).toHaveLength(1);
    held.release();
    expect(await reading).toEqual({ state: 'erased', keyId: vault.keyIdIn(sealed) });
    expect(await vault.open(sealed)).toEqual({ state: 'erased', keyId: vault.keyIdIn(sealed) });
    await expect(vault.seal('partner-1', 'jane', 'Jane again')).rejects.toBeInstanceOf(PersonErasedError);
  });

  it('refuses a seal that was fetching the key when the erasure finished', async () => {
    const held = wrapper.hold();
    const sealing = vault.seal('partner-1', 'jane', 'Jane Doe');
    await held.reached;
    expect(await vault.erase('jane')).toHaveLength(1);
    held.release();
    await expect(sealing).rejects.toBeInstanceOf(PersonErasedError);
    expect(await vault.open(sealed)).toEqual({ state: 'erased', keyId: vault.keyIdIn(sealed) });
  });

  it('still caches a key fetched while no erasure ran', async () => {
    expect(await vault.open(sealed)).toEqual({ state: 'clear', value: 'Jane Doe' });
    const unwraps = wrapper.unwraps;
    expect(await vault.open(sealed)).toEqual({ state: 'clear', value: 'Jane Doe' });
    expect(wrapper.unwraps).toBe(unwraps); // a cached key is not unwrapped again
  });
});
