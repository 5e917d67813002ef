import { join, resolve } from 'node:path';
import { z } from 'zod';
import { parseApiKeys } from './api-keys';
import { eventStoreUrlProblem } from './eventstore-url';
import { kafkaSecurity } from './kafka-security';

/**
 * The one configuration object, read from the environment at boot and validated with zod.
 * Defaults give the embedded stack: no server needed.
 */
const environment = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  LEDGER_CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR').default('EUR'),
  /** FULL fsyncs every embedded commit; NORMAL is faster and may lose the last commits on power loss. */
  SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
  /** The embedded read models can always be rebuilt from the events: no fsync per commit by default. */
  READ_MODEL_SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('NORMAL'),
  /** An EventStoreDB connection string: one node, a list of cluster nodes, or esdb+discover (eventstore-url.ts). */
  EVENTSTORE_URL: z.string().superRefine((url, context) => {
    const problem = eventStoreUrlProblem(url);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  }).optional(),
  MONGODB_URL: z.string().startsWith('mongodb').optional(),
  MONGODB_DB: z.string().optional(),
  /** Comma-separated host:port list; unset, the ledger runs without Kafka. */
  KAFKA_BROKERS: z.string().regex(/^[^\s,]+(,[^\s,]+)*$/, 'host:port[,host:port...]').optional(),
  KAFKA_CLIENT_ID: z.string().default('partner-ledger'),
  KAFKA_GROUP_ID: z.string().default('partner-ledger'),
  KAFKA_TOPIC: z.string().default('partner-activity'),
  KAFKA_DLQ_TOPIC: z.string().optional(),
  KAFKA_RELAY_TOPIC: z.string().default('partner-ledger.events'),
  KAFKA_RELAY_ENABLED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** TLS to the brokers (the system's certificate authorities, or KAFKA_SSL_CA_FILE's). */
  KAFKA_SSL: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD_FILE: z.string().min(1).optional(),
  /**
   * The longest wait before another instance takes shared work (each projection, the relay,
   * the co-op reactor) over from a holder that stopped: its lease lasts two thirds of this,
   * and every instance asks for it every third.
   */
  LEASE_TTL_MS: z.coerce.number().int().min(300).max(600_000).default(15_000),
  PROJECTOR_ENABLED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** The co-op reactor (accruals after wins, clawbacks after reversals); off in instances that leave it to another. */
  COOP_REACTOR_ENABLED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  PROJECTOR_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** A live projector woken by an append waits this long for more, to write in batches. */
  PROJECTOR_LINGER_MS: z.coerce.number().int().min(0).max(1000).default(5),
  PROJECTOR_REBUILD_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(5000),
  /** How long a query with ?minPosition waits for the read models before answering 504. */
  QUERY_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(10_000),
  COMMAND_RETRIES: z.coerce.number().int().min(0).max(100).default(20),
  /** Commands that may wait for their stream's turn at once; beyond it, 503 OVERLOADED. */
  COMMAND_QUEUE_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(4096),
  /** Longest wait for a stream's turn before 503 OVERLOADED (nothing appended). */
  COMMAND_QUEUE_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
  /** Streams whose state the write side keeps in memory between commands (0 turns it off). */
  COMMAND_STATE_CACHE: z.coerce.number().int().min(0).max(10_000_000).default(10_000),
  /** JSON array of { name, roles, key | sha256 }; see README, Security. */
  LEDGER_API_KEYS: z.string().optional(),
  LEDGER_API_KEYS_FILE: z.string().optional(),
  /** Wraps every person's data key: 32 bytes, base64 or hex (README, Personal data). */
  LEDGER_MASTER_KEY: z.string().optional(),
  LEDGER_MASTER_KEY_FILE: z.string().optional(),
  /** Roles that see personal data in clear; the others see "[personal]". */
  PERSONAL_DATA_ROLES: z.string().regex(/^[a-z]+(,[a-z]+)*$/, 'comma-separated roles').default('auditor,admin'),
  /** How often due work runs inside the ledger (lead and certification expiry, tier re-evaluation); 0 turns it off. */
  DUE_WORK_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /** The built web console served at /console (default: dist/console, where npm run build writes it). */
  CONSOLE_DIR: z.string().min(1).optional(),
});

/** Where `npm run build` writes the web console: dist/console, beside dist/apps. */
const BUILT_CONSOLE_DIR = join(__dirname, '../../../../console');

export type LedgerConfig = ReturnType<typeof loadConfig>;

export class ConfigurationError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigurationError(`invalid configuration: ${problems}`);
  }
  const c = parsed.data;
  const keys = parseApiKeys(c.LEDGER_API_KEYS, c.LEDGER_API_KEYS_FILE);
  const security = c.KAFKA_BROKERS ? kafkaSecurityOf(c) : undefined;
  if (c.NODE_ENV === 'production' && keys.length === 0) {
    throw new ConfigurationError('NODE_ENV=production needs API keys: set LEDGER_API_KEYS or LEDGER_API_KEYS_FILE (see README, Security)');
  }
  if (c.NODE_ENV === 'production' && !c.LEDGER_MASTER_KEY && !c.LEDGER_MASTER_KEY_FILE) {
    throw new ConfigurationError('NODE_ENV=production needs a master key: set LEDGER_MASTER_KEY or LEDGER_MASTER_KEY_FILE (see README, Personal data)');
  }
  return {
    auth: { keys },
    env: c.NODE_ENV,
    http: { port: c.PORT, host: c.HOST },
    currency: c.LEDGER_CURRENCY,
    dataDir: resolve(c.DATA_DIR),
    sqliteSynchronous: c.SQLITE_SYNCHRONOUS,
    readModelSynchronous: c.READ_MODEL_SQLITE_SYNCHRONOUS,
    eventStore: c.EVENTSTORE_URL ? { kind: 'eventstoredb' as const, url: c.EVENTSTORE_URL } : { kind: 'embedded' as const },
    readStore: c.MONGODB_URL ? { kind: 'mongodb' as const, url: c.MONGODB_URL, database: c.MONGODB_DB } : { kind: 'embedded' as const },
    kafka: c.KAFKA_BROKERS
      ? {
          brokers: c.KAFKA_BROKERS.split(','),
          clientId: c.KAFKA_CLIENT_ID,
          groupId: c.KAFKA_GROUP_ID,
          topic: c.KAFKA_TOPIC,
          deadLetterTopic: c.KAFKA_DLQ_TOPIC ?? `${c.KAFKA_TOPIC}.dlq`,
          relay: { enabled: c.KAFKA_RELAY_ENABLED, topic: c.KAFKA_RELAY_TOPIC },
          security: security ?? {},
        }
      : undefined,
    projector: { enabled: c.PROJECTOR_ENABLED, batchSize: c.PROJECTOR_BATCH_SIZE, lingerMs: c.PROJECTOR_LINGER_MS, rebuildBatchSize: c.PROJECTOR_REBUILD_BATCH_SIZE },
    coopReactor: { enabled: c.COOP_REACTOR_ENABLED },
    leaseTtlMs: c.LEASE_TTL_MS,
    queryWaitMs: c.QUERY_WAIT_MS,
    commandRetries: c.COMMAND_RETRIES,
    commandQueue: { limit: c.COMMAND_QUEUE_LIMIT, timeoutMs: c.COMMAND_QUEUE_TIMEOUT_MS },
    commandStateCache: c.COMMAND_STATE_CACHE,
    personalData: {
      // A function, so that the key never shows in a printed or serialised configuration.
      masterKey: { value: () => c.LEDGER_MASTER_KEY || undefined, file: c.LEDGER_MASTER_KEY_FILE || undefined },
      roles: c.PERSONAL_DATA_ROLES.split(','),
    },
    dueWork: { intervalMs: c.DUE_WORK_INTERVAL_MS },
    logLevel: c.LOG_LEVEL,
    console: { dir: resolve(c.CONSOLE_DIR ?? BUILT_CONSOLE_DIR) },
  };
}

function kafkaSecurityOf(c: z.infer<typeof environment>) {
  try {
    return kafkaSecurity({
      ssl: c.KAFKA_SSL, caFile: c.KAFKA_SSL_CA_FILE, mechanism: c.KAFKA_SASL_MECHANISM,
      username: c.KAFKA_SASL_USERNAME, password: c.KAFKA_SASL_PASSWORD, passwordFile: c.KAFKA_SASL_PASSWORD_FILE,
    });
  } catch (error) {
    throw new ConfigurationError(`invalid configuration: ${(error as Error).message}`);
  }
}

export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');
