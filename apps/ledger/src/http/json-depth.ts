import type { NextFunction, Request, Response } from 'express';
import { refuse } from '@ledger/domain';

/** No command nests deeper than a handful of levels; anything far deeper is hostile. */
export const MAX_JSON_DEPTH = 16;

/** Depth of a parsed JSON value, walked without recursion so a deep body cannot overflow the stack. */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth);
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return deepest;
}

/** Refuses bodies nested deeper than MAX_JSON_DEPTH before any handler sees them. */
export function limitJsonDepth(request: Request, _response: Response, next: NextFunction): void {
  if (jsonDepth(request.body) > MAX_JSON_DEPTH) {
    next(refuse.invalid('JSON_TOO_DEEP', `the body nests deeper than ${MAX_JSON_DEPTH} levels`));
    return;
  }
  next();
}
