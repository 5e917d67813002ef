/**
 * The API keys the configuration holds: their roles, and only the hash of each secret. Read
 * at boot with the rest of the configuration; auth/ checks a presented key against them.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const ROLES = ['publisher', 'analyst', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A configured API key: its name (recorded as the actor), its roles, and only the hash of its secret. */
export interface ApiKey {
  name: string;
  roles: Role[];
  sha256: Buffer;
}

const keySchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
    roles: z.array(z.enum(ROLES)).min(1),
    /** Either the secret itself (hashed at once and forgotten) or its SHA-256 in hex. */
    key: z.string().min(16).max(256).optional(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  })
  .refine((k) => (k.key === undefined) !== (k.sha256 === undefined), 'give exactly one of key or sha256');

const keysSchema = z.array(keySchema).refine((keys) => new Set(keys.map((k) => k.name)).size === keys.length, 'key names must be unique');

export const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

/** Keys from LEDGER_API_KEYS (JSON) and/or LEDGER_API_KEYS_FILE (a JSON file of the same shape). */
export function parseApiKeys(inline: string | undefined, file: string | undefined): ApiKey[] {
  const sources = [
    ...(inline ? [{ from: 'LEDGER_API_KEYS', text: inline }] : []),
    ...(file ? [{ from: `LEDGER_API_KEYS_FILE (${file})`, text: readFileSync(file, 'utf8') }] : []),
  ];
  const keys: ApiKey[] = [];
  for (const { from, text } of sources) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${from} is not valid JSON`);
    }
    const parsed = keysSchema.safeParse(json);
    // Never echo the input: it may hold secrets.
    if (!parsed.success) throw new Error(`${from}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    for (const k of parsed.data) keys.push({ name: k.name, roles: k.roles, sha256: k.sha256 ? Buffer.from(k.sha256, 'hex') : hashSecret(k.key!) });
  }
  if (new Set(keys.map((k) => k.name)).size !== keys.length) throw new Error('API key names must be unique across LEDGER_API_KEYS and the file');
  return keys;
}
