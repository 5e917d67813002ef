import type { Application } from 'express';

/** A method the path does not have: 405 with the methods it has in `Allow` (RFC 9110 §15.5.6). */
export class MethodNotAllowedError extends Error {
  constructor(readonly method: string, readonly allowed: string[]) {
    super(`${method} is not allowed here; allowed: ${allowed.join(', ')}`);
  }
}

interface RouteLayer {
  route?: { methods: Record<string, boolean | undefined> };
  match(path: string): unknown;
}

const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * The methods the application's routes answer on `path` (HEAD wherever GET is, as Express
 * does), or none when no route has that path: then the answer stays 404. Read from the
 * Express router itself, so it cannot drift from the routes Nest registered.
 */
export function allowedMethods(app: Application, path: string): string[] {
  const stack = (app as unknown as { router?: { stack?: RouteLayer[] } }).router?.stack ?? [];
  const methods = new Set<string>();
  for (const layer of stack) {
    if (!layer.route || !layer.match(path)) continue;
    for (const [method, handled] of Object.entries(layer.route.methods)) {
      if (handled && method !== '_all') methods.add(method.toUpperCase());
    }
  }
  if (methods.size === 0) return [];
  if (methods.has('GET')) methods.add('HEAD');
  methods.add('OPTIONS'); // answered below with these methods
  return [...methods].sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99));
}
