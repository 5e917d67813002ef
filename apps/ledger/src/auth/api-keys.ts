import { timingSafeEqual } from 'node:crypto';
import { ApiKey, hashSecret } from '../config/api-keys';

/** Finds the key whose hash matches, comparing every candidate in constant time. */
export function authenticate(keys: readonly ApiKey[], presented: string): ApiKey | undefined {
  const hash = hashSecret(presented);
  let found: ApiKey | undefined;
  for (const key of keys) if (timingSafeEqual(key.sha256, hash)) found = key;
  return found;
}
