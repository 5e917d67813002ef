import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KeyUnwrapError } from './errors';

/**
 * What wraps data keys and secrets before they reach the key store, and unwraps them after.
 * The AAD names what is wrapped (a key id, a meta name), so a wrapped key copied onto another
 * row fails to unwrap.
 *
 * A KMS adapter implements this interface and nothing else: `wrap` calls the KMS's Encrypt
 * (or GenerateDataKey) and `unwrap` its Decrypt, passing the AAD as encryption context, so
 * the master key stays in the KMS and is never exported; the vault's cache of unwrapped keys
 * keeps KMS calls to one per person per cache lifetime.
 */
export interface KeyWrapper {
  wrap(key: Buffer, aad: string): Promise<Buffer>;
  /** Throws KeyUnwrapError when the value was not wrapped by this master key with this AAD. */
  unwrap(wrapped: Buffer, aad: string): Promise<Buffer>;
}

/** Format byte of a locally wrapped key, so another wrapping can be told apart later. */
const LOCAL_V1 = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** AES-256-GCM with a master key held in this process: `0x01 ‖ iv ‖ ciphertext ‖ tag`. */
export class MasterKeyWrapper implements KeyWrapper {
  private readonly masterKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new RangeError('the master key must be 32 bytes');
    // A copy: a caller reusing or zeroing its buffer changes nothing here.
    this.masterKey = Buffer.from(masterKey);
  }

  async wrap(key: Buffer, aad: string): Promise<Buffer> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.masterKey, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(key), cipher.final()]);
    return Buffer.concat([Buffer.of(LOCAL_V1), iv, body, cipher.getAuthTag()]);
  }

  async unwrap(wrapped: Buffer, aad: string): Promise<Buffer> {
    if (wrapped.length < 1 + IV_BYTES + TAG_BYTES || wrapped[0] !== LOCAL_V1) throw new KeyUnwrapError(aad);
    const iv = wrapped.subarray(1, 1 + IV_BYTES);
    const tag = wrapped.subarray(wrapped.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.masterKey, iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(wrapped.subarray(1 + IV_BYTES, wrapped.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new KeyUnwrapError(aad);
    }
  }
}
