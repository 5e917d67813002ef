/**
 * There is no Docker engine on these machines, so the production stack cannot be started
 * here; this checks what can be checked without one:
 * - docker-compose.yml is valid against the Compose Specification's own JSON schema;
 * - the ledger's own configuration loader accepts the environment compose gives it, and
 *   every variable compose sets is one the ledger reads;
 * - what the ledger is told (Kafka brokers, MongoDB URL, event store URL) names what the
 *   other services actually advertise (listener, replica-set member, service and port);
 * - the Dockerfile builds a non-root image with production dependencies only.
 *
 * compose-spec.schema.json is `schema/compose-spec.json` of
 * https://github.com/compose-spec/compose-spec at commit
 * b2835e8acc1e42e7aecbc27a9bc4a1fc66ef21ba, copied byte for byte (JSON Schema 2019-09).
 * To update it, replace the file with a newer copy and change the commit here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { load } from 'js-yaml';
import { loadConfig } from '../../apps/ledger/src/config/ledger-config';
import composeSchema from './compose-spec.schema.json';

const ROOT = join(__dirname, '..', '..');

interface Service {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  ports?: (string | number | { target: number; published?: number | string })[];
  volumes?: (string | { source?: string; target?: string })[];
}

interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const compose = load(composeText) as Compose;
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim());

/** The event store keeps its historical service name; its image is KurrentDB (formerly EventStoreDB). */
const EVENT_STORE = 'eventstoredb';
const BACKING = [EVENT_STORE, 'mongodb', 'kafka'] as const;
const service = (name: string) => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};

// ---- the Compose Specification's schema ------------------------------------------------

function composeValidator() {
  // The schema is draft 2019-09; it marks its parts with the pre-draft-06 `id`, which ajv
  // refuses by default and which is only an annotation here (Compose does not resolve it
  // either), and uses Compose's own `expose` format (a port or range, optionally a protocol).
  // strictTypes is a lint of the schema's own style (it has e.g. additionalProperties beside
  // an array type under `gpus`), not of the document: off; unknown keywords stay refused.
  const ajv = new Ajv2019({ allErrors: true, strict: true, strictTypes: false });
  ajv.removeKeyword('id');
  ajv.addKeyword('id');
  ajv.addFormat('expose', /^\d+(-\d+)?(\/[a-z]+)?$/);
  return ajv.compile(composeSchema);
}

const validateCompose = composeValidator();
const schemaErrors = (document: unknown) =>
  validateCompose(document) ? [] : (validateCompose.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);

// ---- the environment compose gives a service, interpolated as compose would -------------

function environment(svc: Service): Record<string, string> {
  const env = svc.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((entry) => {
      const at = entry.indexOf('=');
      return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
    }));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** Compose's `${NAME}`, `${NAME:-default}` and `${NAME-default}` interpolation, from `shell`. */
function interpolate(value: string, shell: Record<string, string | undefined>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}/g, (_, name: string, op: string | undefined, fallback = '') => {
    const set = shell[name];
    if (op === ':-') return set ? set : fallback;
    if (op === '-') return set ?? fallback;
    return set ?? '';
  });
}

const TEST_API_KEYS = JSON.stringify([{ name: 'ops', roles: ['admin'], key: 'a-long-random-secret-for-tests' }]);
const TEST_MASTER_KEY = 'cd'.repeat(32);
const ledgerEnvironment = (shell: Record<string, string | undefined> = { LEDGER_API_KEYS: TEST_API_KEYS, LEDGER_MASTER_KEY: TEST_MASTER_KEY }) =>
  Object.fromEntries(Object.entries(environment(service('ledger'))).map(([k, v]) => [k, interpolate(v, shell)]));

/** Loads the configuration, or returns the error's message: "what the ledger would do with this". */
const outcome = (env: Record<string, string>) => {
  try {
    return loadConfig(env);
  } catch (error) {
    return { refused: (error as Error).message };
  }
};

const healthTest = (svc: Service) => [svc.healthcheck?.test ?? []].flat().join(' ');
const published = (svc: Service) =>
  (svc.ports ?? []).map((p) => (typeof p === 'object' ? String(p.published ?? p.target) : String(p).split(':')[0]));
const containerPorts = (svc: Service) =>
  (svc.ports ?? []).map((p) => (typeof p === 'object' ? String(p.target) : String(p).split(':').pop()!.split('/')[0]));

/** `NAME://host:port,NAME2://host:port` → { NAME: 'host:port', … } (Kafka's listener lists). */
const listeners = (list: string) =>
  Object.fromEntries(list.split(',').map((entry) => {
    const match = /^([A-Za-z0-9_]+):\/\/(.*)$/.exec(entry.trim());
    if (!match) throw new Error(`not a listener: ${entry}`);
    return [match[1]!, match[2]!];
  }));

const hostOf = (hostPort: string) => hostPort.slice(0, hostPort.lastIndexOf(':'));
const portOf = (hostPort: string) => hostPort.slice(hostPort.lastIndexOf(':') + 1);

describe('docker-compose.yml', () => {
  describe('against the Compose Specification schema', () => {
    it('is a valid Compose file', () => {
      expect(schemaErrors(compose)).toEqual([]);
    });

    it('refuses a copy with a misspelt key (the schema is really applied)', () => {
      const typoText = composeText.replace(/^( {4})healthcheck:/m, '$1healtcheck:');
      expect(typoText).not.toBe(composeText);
      expect(schemaErrors(load(typoText)).join('\n')).toMatch(/additionalProperty.*healtcheck/);
    });

    it('refuses a copy whose start condition is not one Compose knows', () => {
      const broken = structuredClone(compose);
      (broken.services['ledger']!.depends_on as Record<string, { condition?: string }>)['kafka'] = { condition: 'service_ready' };
      expect(schemaErrors(broken).join('\n')).toMatch(/\/services\/ledger\/depends_on\/kafka\/condition .*allowedValues/);
    });
  });

  it('names the three backing services and the ledger, and builds the ledger from this repository', () => {
    expect(Object.keys(compose.services).sort()).toEqual([EVENT_STORE, 'kafka', 'lb', 'ledger', 'mongodb'].sort());
    expect(service('ledger').build).toBeDefined();
  });

  it('gives every backing service a health check', () => {
    for (const name of BACKING) {
      const svc = service(name);
      expect(svc.healthcheck?.disable).not.toBe(true);
      expect(healthTest(svc)).not.toBe('');
    }
    expect(healthTest(service(EVENT_STORE))).toMatch(/curl.*\/health\/live/);
    expect(healthTest(service('mongodb'))).toMatch(/rs\.initiate/);
    expect(healthTest(service('kafka'))).toMatch(/kafka-topics\.sh.*--list/);
  });

  it('starts the ledger only after each backing service is healthy', () => {
    const dependsOn = service('ledger').depends_on;
    expect(dependsOn).not.toBeInstanceOf(Array);
    for (const name of BACKING) {
      expect((dependsOn as Record<string, { condition?: string }>)[name]).toEqual({ condition: 'service_healthy' });
    }
  });

  describe("through the ledger's own configuration loader", () => {
    it('loads: KurrentDB events, MongoDB read models, Kafka ingest, production mode on port 3000', () => {
      const env = ledgerEnvironment();
      const config = loadConfig(env);
      expect(config.env).toBe('production');
      expect(config.http.port).toBe(3000);
      expect(config.auth.keys.map((k) => k.name)).toEqual(['ops']);
      expect(config.eventStore).toEqual({ kind: 'eventstoredb', url: env['EVENTSTORE_URL'] });
      expect(config.readStore).toEqual({ kind: 'mongodb', url: env['MONGODB_URL'], database: env['MONGODB_DB'] });
      expect(config.readStore).toMatchObject({ database: expect.stringMatching(/.+/) });
      expect(config.kafka?.brokers).toEqual(env['KAFKA_BROKERS']!.split(','));
      expect(config.kafka?.security).toEqual({});
    });

    it('refuses to start when the shell passes no API keys (LEDGER_API_KEYS defaults to empty)', () => {
      expect(outcome(ledgerEnvironment({}))).toEqual({ refused: expect.stringMatching(/needs API keys/) });
    });

    it('refuses to start when the shell passes no master key (LEDGER_MASTER_KEY defaults to empty)', () => {
      expect(outcome(ledgerEnvironment({ LEDGER_API_KEYS: TEST_API_KEYS }))).toEqual({ refused: expect.stringMatching(/needs a master key/) });
    });

    it('reads every variable compose sets (a misspelt name would be ignored silently)', () => {
      const env = ledgerEnvironment();
      const loaded = JSON.stringify(outcome(env));
      const ignored = Object.keys(env).filter((name) => {
        const { [name]: value, ...without } = env;
        if (JSON.stringify(outcome(without)) !== loaded) return false;
        // Left out, it changed nothing: either it restates the default, or the ledger does not read it.
        const other = /^\d+$/.test(value!) ? String(Number(value) + 1) : `${value}-changed`;
        return JSON.stringify(outcome({ ...env, [name]: other })) === loaded;
      });
      expect(ignored).toEqual([]);
    });
  });

  describe('tells the ledger what the other services advertise', () => {
    const env = ledgerEnvironment();
    const config = loadConfig(env);

    it('Kafka: the brokers are the advertised client listener, on the port the broker listens on', () => {
      const kafka = environment(service('kafka'));
      const advertised = listeners(kafka['KAFKA_ADVERTISED_LISTENERS']!);
      const bound = listeners(kafka['KAFKA_LISTENERS']!);
      const protocols = Object.fromEntries(kafka['KAFKA_LISTENER_SECURITY_PROTOCOL_MAP']!.split(',').map((pair) => pair.split(':') as [string, string]));
      const controllers = kafka['KAFKA_CONTROLLER_LISTENER_NAMES']!.split(',');
      // Listeners for clients: advertised, not the controller's, plaintext (the ledger is given no TLS/SASL here).
      const forClients = Object.entries(advertised).filter(([name]) => !controllers.includes(name) && protocols[name] === 'PLAINTEXT');
      expect(forClients.map(([, hostPort]) => hostPort)).toEqual(config.kafka!.brokers);
      for (const [name, hostPort] of forClients) {
        expect(Object.keys(compose.services)).toContain(hostOf(hostPort));
        expect(hostOf(hostPort)).toBe('kafka');
        expect(portOf(bound[name]!)).toBe(portOf(hostPort));
      }
      // The KRaft quorum is this node, on its controller listener.
      const [voterId, voter] = kafka['KAFKA_CONTROLLER_QUORUM_VOTERS']!.split('@');
      expect(voterId).toBe(kafka['KAFKA_NODE_ID']);
      expect(portOf(voter!)).toBe(portOf(bound[controllers[0]!]!));
      expect(kafka['KAFKA_PROCESS_ROLES']).toBe('broker,controller');
    });

    it('MongoDB: the URL names the replica-set member that the health check initiates, and its set', () => {
      const mongodb = service('mongodb');
      const command = [mongodb.command ?? []].flat();
      const replSet = command[command.indexOf('--replSet') + 1];
      const initiate = /rs\.initiate\(\s*\{\s*_id:\s*'([^']+)',\s*members:\s*\[\s*\{\s*_id:\s*0,\s*host:\s*'([^']+)'\s*\}\s*\]\s*\}\s*\)/.exec(healthTest(mongodb));
      expect(initiate).not.toBeNull();
      const [, setName, member] = initiate!;
      const url = new URL(config.readStore.kind === 'mongodb' ? config.readStore.url : '');
      expect(url.host).toBe(member);
      expect(url.searchParams.get('replicaSet')).toBe(setName);
      expect(setName).toBe(replSet);
      expect(hostOf(member!)).toBe('mongodb');
    });

    it('the event store: the URL names the KurrentDB service and its port, without TLS as the node runs insecure', () => {
      const url = config.eventStore.kind === 'eventstoredb' ? config.eventStore.url : '';
      const match = /^esdb:\/\/([^/?]+)\/?\?(.*)$/.exec(url);
      expect(match).not.toBeNull();
      const [, hosts, query] = match!;
      expect(hosts!.split(',')).toEqual([`${EVENT_STORE}:2113`]);
      expect(service(EVENT_STORE).image).toMatch(/kurrentdb:/);
      expect(containerPorts(service(EVENT_STORE))).toContain(portOf(hosts!));
      expect(new URLSearchParams(query).get('tls')).toBe('false');
      expect(environment(service(EVENT_STORE))['KURRENTDB_INSECURE']).toBe('true');
    });
  });

  it('runs KurrentDB as one insecure node without projections, configured by KURRENTDB_* variables', () => {
    const kurrentdb = environment(service(EVENT_STORE));
    expect(kurrentdb).toMatchObject({ KURRENTDB_INSECURE: 'true', KURRENTDB_RUN_PROJECTIONS: 'None', KURRENTDB_CLUSTER_SIZE: '1' });
    // EVENTSTORE_* is the deprecated prefix since KurrentDB 25.0.
    expect(Object.keys(kurrentdb).filter((name) => !name.startsWith('KURRENTDB_'))).toEqual([]);
  });

  it('runs two ledger replicas behind a load balancer that publishes port 3000 and passes requests to every replica', () => {
    expect((service('ledger') as Service & { deploy?: { replicas?: number } }).deploy?.replicas).toBe(2);
    expect(published(service('ledger'))).toEqual([]); // replicas cannot share a published port
    const lb = service('lb');
    expect(published(lb)).toEqual(['3000']);
    expect((lb.depends_on as Record<string, { condition?: string }>)['ledger']).toEqual({ condition: 'service_healthy' });
    const mounted = (lb.volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':')[0]! : v.source ?? ''));
    expect(mounted).toEqual(['./deploy/ledger-lb.nginx.conf']);
    const nginx = readFileSync(join(ROOT, mounted[0]!), 'utf8');
    expect(nginx).toMatch(/server ledger:3000\b/);
    expect(nginx).toMatch(/proxy_pass http:\/\/ledger;/);
    expect(healthTest(lb)).toMatch(/\/health\/live/);
  });

  it('publishes the load balancer and KurrentDB ports and keeps data in named volumes at KurrentDB’s paths', () => {
    expect(published(service('lb'))).toContain('3000');
    expect(published(service(EVENT_STORE))).toContain('2113');
    const named = Object.keys(compose.volumes ?? {});
    for (const name of BACKING) {
      const sources = (service(name).volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':')[0] : v.source));
      expect(sources.length).toBeGreaterThan(0);
      for (const source of sources) expect(named).toContain(source);
    }
    const targets = (service(EVENT_STORE).volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':')[1] : v.target));
    expect(targets.sort()).toEqual(['/var/lib/kurrentdb', '/var/log/kurrentdb']);
  });
});

describe('Dockerfile', () => {
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages[stages.length - 1]!;

  it('builds in one stage and runs from another, on Node 24 LTS (Debian bookworm) in every stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24-bookworm-slim$/m);
    for (const stage of stages) expect(stage).toMatch(/^\$\{NODE_IMAGE\}|^toolchain\b/);
    expect(dockerfile).toMatch(/RUN npm ci\b/);
    expect(dockerfile).toMatch(/npm run build/);
  });

  it('installs production dependencies only for the runtime', () => {
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(runtime).not.toMatch(/npm ci(?! --omit=dev)/);
    expect(runtime).not.toMatch(/g\+\+|python3/);
  });

  it('runs as a user that is not root, in production mode, on port 3000', () => {
    const users = [...runtime.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime).toMatch(/NODE_ENV=production/);
    expect(runtime).toMatch(/^EXPOSE 3000$/m);
    expect(runtime).toMatch(/CMD \["node", "dist\/apps\/ledger\/src\/main\.js"\]/);
  });

  it('keeps local state and build output out of the build context', () => {
    for (const entry of ['node_modules', 'dist', 'data', '.git', 'test/infra/**/bin', '**/target']) expect(dockerignore).toContain(entry);
  });
});

describe('package.json', () => {
  it('declares express, which the built ledger imports, as a production dependency', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['express']).toMatch(/^\^5\./);
  });
});
