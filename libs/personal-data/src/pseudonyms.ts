import { createHmac } from 'node:crypto';

/**
 * Keyed pseudonyms: HMAC-SHA256 under the pseudonym secret, truncated to 128 bits (ample
 * against collisions among people; shorter in every event that carries them), base64url.
 * Without the secret no one can test a guessed person id against a key id.
 *
 * Each input is length-prefixed, so ("a:b", "c") and ("a", "b:c") never share a pseudonym,
 * and each kind is domain-separated, so a key id is never also a person reference.
 */
const PSEUDONYM_BYTES = 16;

function encode(domain: string, parts: string[]): Buffer {
  const chunks = [Buffer.from(`${domain}\0`, 'utf8')];
  for (const part of parts) {
    const bytes = Buffer.from(part, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    chunks.push(length, bytes);
  }
  return Buffer.concat(chunks);
}

function pseudonym(secret: Buffer, prefix: string, domain: string, parts: string[]): string {
  for (const part of parts) if (part === '') throw new RangeError(`${domain}: an id must not be empty`);
  return prefix + createHmac('sha256', secret).update(encode(domain, parts)).digest().subarray(0, PSEUDONYM_BYTES).toString('base64url');
}

/** The key id of a person at a partner: one data key each. */
export const keyIdFor = (secret: Buffer, partnerId: string, personId: string) => pseudonym(secret, 'pk_', 'ledger.pii.key-id.v1', [partnerId, personId]);

/** The reference of a person across partners, so an erasure by person id finds all their keys. */
export const personRefFor = (secret: Buffer, personId: string) => pseudonym(secret, 'pr_', 'ledger.pii.person-ref.v1', [personId]);
