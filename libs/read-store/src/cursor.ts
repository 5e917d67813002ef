import { InvalidCursorError, Scalar } from './read-store.port';

/** A keyset cursor: the last item's sort value and id, opaque to clients. */
export interface CursorPosition {
  value: Scalar | null;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.value, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const wellFormed =
      Array.isArray(decoded) &&
      decoded.length === 2 &&
      typeof decoded[1] === 'string' &&
      (decoded[0] === null || ['string', 'number', 'boolean'].includes(typeof decoded[0]));
    if (wellFormed) {
      return { value: decoded[0] as Scalar | null, id: decoded[1] as string };
    }
  } catch {
    // fall through: not JSON or not base64url
  }
  throw new InvalidCursorError();
}

/** Field names come from code, never from clients; refuse anything that is not a plain path. */
export function assertFieldPath(field: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(field)) throw new RangeError(`not a field path: ${field}`);
  return field;
}
