import { SEALED_PREFIX } from '@ledger/domain';
import { SealedValueError } from './errors';

/*
 * The text form of a sealed personal datum: `pii:v1:<keyId>:<base64url(iv ‖ ciphertext ‖ tag)>`.
 * Self-describing, so a reader needs nothing but the value to find its key, and an auditor
 * can tell at a glance which fields of an event are personal data and whose key holds them.
 * Its prefix is part of the recorded events, so the domain declares it (personal-data.ts).
 */
/** Anything starting so is meant to be sealed: a malformed one is an error, not plain text. */
const SEALED_FAMILY = 'pii:';
const SEALED = /^pii:v1:(pk_[A-Za-z0-9_-]+):([A-Za-z0-9_-]+)$/;

export const IV_BYTES = 12;
export const TAG_BYTES = 16;

export interface SealedParts {
  keyId: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

export function formatSealed(parts: SealedParts): string {
  return `${SEALED_PREFIX}${parts.keyId}:${Buffer.concat([parts.iv, parts.ciphertext, parts.tag]).toString('base64url')}`;
}

/** The parts of a sealed value; null for a value outside the `pii:` family (plain text). */
export function parseSealed(value: string): SealedParts | null {
  if (!value.startsWith(SEALED_FAMILY)) return null;
  const match = SEALED.exec(value);
  if (!match) throw new SealedValueError(value.startsWith(SEALED_PREFIX) ? 'malformed' : 'unknown version');
  const bytes = Buffer.from(match[2]!, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new SealedValueError('too short');
  return {
    keyId: match[1]!,
    iv: bytes.subarray(0, IV_BYTES),
    ciphertext: bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES),
    tag: bytes.subarray(bytes.length - TAG_BYTES),
  };
}

/** True for a well-formed sealed value (whether or not its key still exists). */
export function isSealed(value: string): boolean {
  return value.startsWith(SEALED_PREFIX) && SEALED.test(value);
}

/** The key id a sealed value is under; null for anything else. */
export function keyIdIn(value: string): string | null {
  return isSealed(value) ? SEALED.exec(value)![1]! : null;
}

/** What binds a sealed value to its key id: moving it to another key id fails to authenticate. */
export const sealedAad = (keyId: string) => Buffer.from(`${SEALED_PREFIX}${keyId}`, 'utf8');
