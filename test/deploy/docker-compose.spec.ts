/**
 * There is no Docker engine on these machines, so the production stack cannot be started
 * here; this checks what can be checked without one: docker-compose.yml is valid YAML with
 * the services, health checks, start order and variables the ledger reads, and the
 * Dockerfile builds a non-root image with production dependencies only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// js-yaml is not a direct dependency: it is in node_modules through @nestjs/swagger.
import { load } from 'js-yaml';

const ROOT = join(__dirname, '..', '..');

interface Service {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  ports?: (string | number | { target: number; published?: number | string })[];
  volumes?: (string | { source?: string })[];
}

interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const compose = load(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as Compose;
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim());

const BACKING = ['eventstoredb', 'mongodb', 'kafka'] as const;

function environment(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((entry) => {
      const at = entry.indexOf('=');
      return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
    }));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

const healthTest = (service: Service) => [service.healthcheck?.test ?? []].flat().join(' ');
const published = (service: Service) =>
  (service.ports ?? []).map((p) => (typeof p === 'object' ? String(p.published ?? p.target) : String(p).split(':')[0]));

describe('docker-compose.yml', () => {
  it('is YAML naming the three backing services and the ledger', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['eventstoredb', 'kafka', 'ledger', 'mongodb']);
  });

  it('builds the ledger from this repository', () => {
    expect(compose.services['ledger']!.build).toBeDefined();
  });

  it('gives every backing service a health check', () => {
    for (const name of BACKING) {
      const service = compose.services[name]!;
      expect(service.healthcheck?.disable).not.toBe(true);
      expect(healthTest(service)).not.toBe('');
    }
    expect(healthTest(compose.services['eventstoredb']!)).toMatch(/curl.*\/health\/live/);
    expect(healthTest(compose.services['mongodb']!)).toMatch(/rs\.initiate/);
    expect(healthTest(compose.services['kafka']!)).toMatch(/kafka-topics\.sh.*--list/);
  });

  it('starts the ledger only after each backing service is healthy', () => {
    const dependsOn = compose.services['ledger']!.depends_on;
    expect(dependsOn).not.toBeInstanceOf(Array);
    for (const name of BACKING) {
      expect((dependsOn as Record<string, { condition?: string }>)[name]).toEqual({ condition: 'service_healthy' });
    }
  });

  it('wires the ledger to the three services by the variables its configuration reads', () => {
    const env = environment(compose.services['ledger']!);
    expect(env['EVENTSTORE_URL']).toBe('esdb://eventstoredb:2113?tls=false');
    expect(env['MONGODB_URL']).toMatch(/^mongodb:\/\/mongodb:27017\/.*replicaSet=rs0/);
    expect(env['MONGODB_DB']).toBeTruthy();
    expect(env['KAFKA_BROKERS']).toBe('kafka:9092');
    expect(env['NODE_ENV']).toBe('production');
    expect(env['PORT']).toBe('3000');
    // Every name set here is one the ledger reads (a typo would be silently ignored).
    const config = readFileSync(join(ROOT, 'apps/ledger/src/config/ledger-config.ts'), 'utf8');
    for (const name of Object.keys(env)) expect(config).toContain(`${name}:`);
  });

  it('runs EventStoreDB as one insecure node without projections, MongoDB as a replica set, Kafka without ZooKeeper', () => {
    const esdb = environment(compose.services['eventstoredb']!);
    expect(esdb).toMatchObject({ EVENTSTORE_INSECURE: 'true', EVENTSTORE_RUN_PROJECTIONS: 'None', EVENTSTORE_CLUSTER_SIZE: '1' });
    expect([compose.services['mongodb']!.command].flat().join(' ')).toMatch(/--replSet rs0/);
    expect(environment(compose.services['kafka']!)['KAFKA_PROCESS_ROLES']).toBe('broker,controller');
  });

  it('publishes the ledger and EventStoreDB ports and keeps data in named volumes', () => {
    expect(published(compose.services['ledger']!)).toContain('3000');
    expect(published(compose.services['eventstoredb']!)).toContain('2113');
    const named = Object.keys(compose.volumes ?? {});
    for (const name of BACKING) {
      const sources = (compose.services[name]!.volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':')[0] : v.source));
      expect(sources.length).toBeGreaterThan(0);
      for (const source of sources) expect(named).toContain(source);
    }
  });
});

describe('Dockerfile', () => {
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages[stages.length - 1]!;

  it('builds in one stage and runs from another, on Node 20 (Debian bookworm)', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/node:20-bookworm-slim|node:20-slim/);
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
