import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';

/** The forms EVENTSTORE_URL takes, as every refusal states them. */
export const EVENTSTORE_URL_FORMS = 'esdb://host:port[,host:port...][?options] or esdb+discover://host:port[?options]';

type OptionKind = 'boolean' | 'integer' | 'nodePreference' | 'file' | 'text';

/** The options @eventstore/db-client 6.x reads from a connection string, and what each takes. */
const OPTIONS: Record<string, OptionKind> = {
  tls: 'boolean',
  tlsVerifyCert: 'boolean',
  tlsCAFile: 'file',
  userCertFile: 'file',
  userKeyFile: 'file',
  dnsDiscover: 'boolean',
  throwOnAppendFailure: 'boolean',
  nodePreference: 'nodePreference',
  maxDiscoverAttempts: 'integer',
  defaultDeadline: 'integer',
  discoveryInterval: 'integer',
  gossipTimeout: 'integer',
  keepAliveInterval: 'integer',
  keepAliveTimeout: 'integer',
  connectionName: 'text',
};

/** The client matches option names and node preferences case-insensitively, ignoring `-` and `_`. */
const flat = (name: string) => name.trim().toLowerCase().replace(/[_-]/g, '');
const OPTION_BY_FLAT_NAME = new Map(Object.keys(OPTIONS).map((name) => [flat(name), name]));
const NODE_PREFERENCES = new Set(['leader', 'follower', 'readonlyreplica', 'random']);
/** Characters the client's parser stops a host at (it reads `[^$+!?*'(),;[\]{}|"%~#<>=&]+`), plus `/`, `:`, `@` and spaces. */
const HOST = /^[^$+!?*'(),;[\]{}|"%~#<>=&/:@\s]+$/;

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * Checks an EventStoreDB connection string the way @eventstore/db-client 6.x reads it, and
 * returns what is wrong with it (undefined when it is fine). Never echoes the string: it may
 * hold a password.
 *
 * Why not the client's own parser: it is not part of the package's public API (it lives in
 * dist/Client/parseConnectionString, which index.ts does not export), so importing it would
 * tie start-up to a private path that can move in any release; and a WHATWG URL cannot read
 * a list of hosts. So this follows the client's grammar (scheme, optional user:password@, a
 * non-empty list of host[:port], optional ?key=value&...), and
 * configuration.spec.ts holds both to the same answers on every form tested.
 *
 * Stricter than the client where the client would go on and fail later or silently: an
 * unknown option (the client ignores it with a warning, so a misspelt `tlsCAFile` would
 * leave TLS without the private authority), `tlsVerifyCert=false` (the client ignores it), and
 * a certificate file that cannot be read (the client throws a message without the path).
 */
export function eventStoreUrlProblem(connection: string): string | undefined {
  const text = connection.trim().replace(/\/+$/, '');
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text)?.[1];
  if (scheme !== 'esdb' && scheme !== 'esdb+discover') {
    return `expected ${EVENTSTORE_URL_FORMS}${scheme ? `, not ${scheme}://` : ''}`;
  }
  const rest = text.slice(scheme.length + 3);
  const queryAt = rest.indexOf('?');
  let authority = queryAt < 0 ? rest : rest.slice(0, queryAt);
  const query = queryAt < 0 ? undefined : rest.slice(queryAt + 1);

  // The last @: an unencoded @ in a password must not make the rest of it look like a host (and be echoed).
  const at = authority.lastIndexOf('@');
  if (at >= 0) {
    const credentials = authority.slice(0, at);
    const [user, ...password] = credentials.split(':');
    if (!user || password.length === 0 || password.join(':') === '' || credentials.includes('@') || decoded(user) === undefined || decoded(password.join(':')) === undefined) {
      return `credentials must be user:password@ (URL-encoded) before the hosts; expected ${EVENTSTORE_URL_FORMS}`;
    }
    authority = authority.slice(at + 1);
  }
  authority = authority.replace(/\/+$/, '');
  if (authority === '') return `no host given; expected ${EVENTSTORE_URL_FORMS}`;
  for (const endpoint of authority.split(',')) {
    const [host, port, ...more] = endpoint.split(':');
    if (!host || !HOST.test(host) || more.length > 0) return `"${endpoint}" is not a host[:port]; expected ${EVENTSTORE_URL_FORMS}`;
    if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
      return `"${endpoint}" has no valid port (1 to 65535); expected ${EVENTSTORE_URL_FORMS}`;
    }
  }
  if (query === undefined) return undefined;
  return optionsProblem(query);
}

function optionsProblem(query: string): string | undefined {
  const options = new Map<string, string>();
  if (query.includes('?')) return `options must be ?key=value&key=value; expected ${EVENTSTORE_URL_FORMS}`;
  for (const pair of query.split('&')) {
    const equals = pair.indexOf('=');
    const name = equals > 0 ? OPTION_BY_FLAT_NAME.get(flat(pair.slice(0, equals))) : undefined;
    const value = equals > 0 ? pair.slice(equals + 1).trim() : '';
    if (equals <= 0 || value === '') return `options must be ?key=value&key=value; expected ${EVENTSTORE_URL_FORMS}`;
    if (!name) return `unknown option "${pair.slice(0, equals)}" (the client would ignore it); known: ${Object.keys(OPTIONS).join(', ')}`;
    const problem = valueProblem(name, OPTIONS[name]!, value);
    if (problem) return problem;
    options.set(name, value);
  }
  if (options.get('tlsVerifyCert') === 'false') {
    return 'tlsVerifyCert=false is not supported by @eventstore/db-client (it would be ignored): trust the server\'s authority with tlsCAFile=/path/to/ca.crt instead';
  }
  if (options.has('userCertFile') !== options.has('userKeyFile')) return 'userCertFile and userKeyFile go together';
  for (const name of ['tlsCAFile', 'userCertFile', 'userKeyFile']) {
    const file = options.get(name);
    // Like the client: without TLS it does not read the authority file.
    if (file === undefined || (name === 'tlsCAFile' && options.get('tls') === 'false')) continue;
    const path = resolve(decoded(file)!);
    try {
      accessSync(path, constants.R_OK);
    } catch (error) {
      return `${name} (${path}) cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
    }
  }
  return undefined;
}

function valueProblem(name: string, kind: OptionKind, value: string): string | undefined {
  switch (kind) {
    case 'boolean':
      return value === 'true' || value === 'false' ? undefined : `option ${name} takes true or false`;
    case 'integer':
      return /^\d+$/.test(value) ? undefined : `option ${name} takes a whole number`;
    case 'nodePreference':
      return NODE_PREFERENCES.has(flat(value)) ? undefined : `option ${name} takes leader, follower, readOnlyReplica or random`;
    case 'file':
    case 'text':
      return decoded(value) === undefined ? `option ${name} is not URL-encoded properly` : undefined;
  }
}
