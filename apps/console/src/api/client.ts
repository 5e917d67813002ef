import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './generated/ledger-api';
import { session } from '../session/session';

/** A refusal or failure, as the ledger states it ({ statusCode, code, message }) or as the browser saw it. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
  /** The key was refused: it expired, was revoked, or was mistyped. */
  get unauthenticated() {
    return this.status === 401;
  }
}

/** Thrown when the ledger could not be reached at all (down, or the network is). */
export const UNREACHABLE = 'LEDGER_UNREACHABLE';

const withKey: Middleware = {
  onRequest({ request }) {
    const key = session.key();
    if (key) request.headers.set('Authorization', `Bearer ${key}`);
    return request;
  },
};

/** The typed client of the ledger's public HTTP API; paths and fields come from its OpenAPI document. */
export const ledger = createClient<paths>({ baseUrl: globalThis.location?.origin ?? '' });
ledger.use(withKey);

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

const listeners = new Set<(error: ApiError) => void>();
/** Told of every 401, so the console can ask for the key again wherever it is. */
export function onUnauthenticated(listener: (error: ApiError) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function problemOf(response: Response, error: unknown): ApiError {
  const body = (error ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof body.code === 'string' ? body.code : `HTTP_${response.status}`;
  const message = typeof body.message === 'string' ? body.message : response.statusText || `the ledger answered ${response.status}`;
  return new ApiError(response.status, code, message);
}

/** The answer's body, or an ApiError for a refusal, a failure or an unreachable ledger. */
export async function answer<T>(call: Promise<Answer<T>>): Promise<T> {
  let result: Answer<T>;
  try {
    result = await call;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, UNREACHABLE, 'the ledger cannot be reached: it may be down, or the network is');
  }
  if (result.response.ok && result.data !== undefined) return result.data;
  const problem = problemOf(result.response, result.error);
  if (problem.unauthenticated) for (const listener of listeners) listener(problem);
  throw problem;
}
