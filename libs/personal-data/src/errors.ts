/** No message here ever holds a key, a personal datum or a person id. */

/** A `pii:v1:` value that is malformed, or whose ciphertext does not authenticate under its key (tampered, or moved). */
export class SealedValueError extends Error {
  constructor(reason: string) {
    super(`sealed personal data cannot be opened: ${reason}`);
    this.name = 'SealedValueError';
  }
}

/** A seal for a person whose key at this partner was destroyed: their data is not stored again. */
export class PersonErasedError extends Error {
  constructor(readonly keyId: string) {
    super(`personal data key ${keyId} was destroyed (the person was erased); it is not created again`);
    this.name = 'PersonErasedError';
  }
}

/** A wrapped key or secret that this master key did not wrap (a different master key, or altered rows). */
export class KeyUnwrapError extends Error {
  constructor(what: string) {
    super(`cannot unwrap ${what}: the key store was written under a different master key, or altered`);
    this.name = 'KeyUnwrapError';
  }
}

/** A master key that is missing where one is required, or not 32 bytes of base64 or hex. */
export class MasterKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MasterKeyError';
  }
}
