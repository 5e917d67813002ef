import type { Application } from 'express';

/** A method the path does not have: 405 with the methods it has in `Allow` (RFC 9110 §15.5.6). */
export class MethodNotAllowedError extends Error {
  constructor(readonly method: string, readonly allowed: string[]) {
    super(`${method} is not allowed here; allowed: ${allowed.join(', ')}`);
  }
}

interface RouteLayer {
  route?: { path?: unknown; methods: Record<string, boolean | undefined> };
  match(path: string): unknown;
}

const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * The methods the application's routes answer on `path` (HEAD wherever GET is, as Express
 * does), or none when no route has that path: then the answer stays 404. Read from the
 * Express router itself, so it cannot drift from the routes Nest registered. A route of
 * that exact path (no parameter) shadows the routes whose parameter it would fill:
 * `/leads/expire-due` is POST only, not also `GET /leads/:leadId` (whose handler answers 405 there).
 */
export function allowedMethods(app: Application, path: string): string[] {
  const stack = (app as unknown as { router?: { stack?: RouteLayer[] } }).router?.stack ?? [];
  const matching = stack.filter((layer) => layer.route && layer.match(path));
  const literal = matching.filter((layer) => isLiteral(layer.route!.path));
  const methods = new Set<string>();
  for (const layer of literal.length > 0 ? literal : matching) {
    if (!layer.route) continue;
    for (const [method, handled] of Object.entries(layer.route.methods)) {
      if (handled && method !== '_all') methods.add(method.toUpperCase());
    }
  }
  if (methods.size === 0) return [];
  if (methods.has('GET')) methods.add('HEAD');
  methods.add('OPTIONS'); // answered below with these methods
  return [...methods].sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99));
}

const isLiteral = (routePath: unknown) => typeof routePath === 'string' && !/[:*]/.test(routePath);

