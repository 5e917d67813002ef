import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, loadConfig } from './ledger-config';
import { authenticate } from '../auth/api-keys';
import { hashSecret } from './api-keys';

describe('configuration of API keys', () => {
  const secret = 'a-long-enough-secret-value';

  it('refuses to start in production without keys', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigurationError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/needs API keys/);
  });

  it('starts in production with keys, keeping only their hashes', () => {
    const masterKey = 'ab'.repeat(32);
    const config = loadConfig({ NODE_ENV: 'production', LEDGER_API_KEYS: JSON.stringify([{ name: 'crm', roles: ['publisher'], key: secret }]), LEDGER_MASTER_KEY: masterKey });
    expect(config.auth.keys).toHaveLength(1);
    expect(config.auth.keys[0]!.sha256.equals(hashSecret(secret))).toBe(true);
    expect(JSON.stringify(config)).not.toContain(secret);
    expect(JSON.stringify(config)).not.toContain(masterKey);
    expect(config.personalData.masterKey.value()).toBe(masterKey);
  });

  it('refuses to start in production without a master key for personal data', () => {
    const keys = JSON.stringify([{ name: 'crm', roles: ['publisher'], key: secret }]);
    expect(() => loadConfig({ NODE_ENV: 'production', LEDGER_API_KEYS: keys })).toThrow(/needs a master key/);
    expect(loadConfig({ NODE_ENV: 'production', LEDGER_API_KEYS: keys, LEDGER_MASTER_KEY_FILE: '/run/secrets/master-key' }).personalData.masterKey.file).toBe('/run/secrets/master-key');
  });

  it('shows personal data in clear to auditors and admins unless configured otherwise', () => {
    expect(loadConfig({}).personalData.roles).toEqual(['auditor', 'admin']);
    expect(loadConfig({ PERSONAL_DATA_ROLES: 'auditor,admin,analyst' }).personalData.roles).toContain('analyst');
    expect(() => loadConfig({ PERSONAL_DATA_ROLES: 'Auditors!' })).toThrow(ConfigurationError);
  });

  it('reads keys from a file given by their SHA-256', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ledger-keys-'));
    try {
      const file = join(folder, 'keys.json');
      writeFileSync(file, JSON.stringify([{ name: 'bi', roles: ['analyst', 'auditor'], sha256: hashSecret(secret).toString('hex') }]));
      const { auth } = loadConfig({ LEDGER_API_KEYS_FILE: file });
      expect(authenticate(auth.keys, secret)?.name).toBe('bi');
      expect(authenticate(auth.keys, `${secret}x`)).toBeUndefined();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('explains a bad key list without echoing its secrets', () => {
    const bad = JSON.stringify([{ name: 'crm', roles: ['owner'], key: secret }]);
    let message = '';
    try {
      loadConfig({ LEDGER_API_KEYS: bad });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/roles/);
    expect(message).not.toContain(secret);
    expect(() => loadConfig({ LEDGER_API_KEYS: 'not json' })).toThrow(/not valid JSON/);
    expect(() => loadConfig({ LEDGER_API_KEYS: JSON.stringify([{ name: 'a', roles: ['admin'], key: secret }, { name: 'a', roles: ['admin'], key: `${secret}2` }]) })).toThrow(/unique/);
  });
});

describe('configuration of the connection to Kafka', () => {
  const brokers = { KAFKA_BROKERS: 'kafka-1:9093,kafka-2:9093' };
  const security = (env: Record<string, string>) => loadConfig({ ...brokers, ...env }).kafka!.security;

  it('uses neither TLS nor SASL unless asked', () => {
    expect(security({})).toEqual({});
  });

  it('turns TLS on with the system authorities, or with the authority file given', () => {
    expect(security({ KAFKA_SSL: 'true' })).toEqual({ ssl: true });
    const folder = mkdtempSync(join(tmpdir(), 'ledger-kafka-ca-'));
    try {
      const ca = join(folder, 'ca.pem');
      writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
      expect(security({ KAFKA_SSL_CA_FILE: ca })).toEqual({ ssl: { ca: ['-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'] } });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('takes a SASL mechanism with its username and password, the password from a file if given one', () => {
    expect(security({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'ledger', KAFKA_SASL_PASSWORD: 'p@ss' }))
      .toEqual({ sasl: { mechanism: 'scram-sha-512', username: 'ledger', password: 'p@ss' } });
    const folder = mkdtempSync(join(tmpdir(), 'ledger-kafka-secret-'));
    try {
      const file = join(folder, 'password');
      writeFileSync(file, 'from-a-file\n');
      expect(security({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'ledger', KAFKA_SASL_PASSWORD_FILE: file }))
        .toEqual({ ssl: true, sasl: { mechanism: 'plain', username: 'ledger', password: 'from-a-file' } });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it.each([
    [{ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'ledger' }, /needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD/],
    [{ KAFKA_SASL_USERNAME: 'ledger', KAFKA_SASL_PASSWORD: 'p@ss' }, /need KAFKA_SASL_MECHANISM/],
    [{ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'ledger', KAFKA_SASL_PASSWORD: 'p@ss', KAFKA_SASL_PASSWORD_FILE: '/x' }, /not both/],
    [{ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'ledger', KAFKA_SASL_PASSWORD: 'p@ss' }, /KAFKA_SASL_MECHANISM/],
    [{ KAFKA_SSL_CA_FILE: '/no/such/ca.pem' }, /KAFKA_SSL_CA_FILE \(\/no\/such\/ca.pem\) cannot be read: ENOENT/],
  ])('refuses to start with %j', (env, message) => {
    expect(() => security(env as Record<string, string>)).toThrow(ConfigurationError);
    expect(() => security(env as Record<string, string>)).toThrow(message);
  });

  it('never puts a password in an error', () => {
    expect(() => security({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: 'p@ss-do-not-show' })).toThrow(/^(?!.*p@ss-do-not-show)/s);
  });
});

describe('configuration of the connection to EventStoreDB', () => {
  // The client's own parser, as an oracle only: it is not exported by @eventstore/db-client,
  // so the ledger does not call it (apps/ledger/src/config/eventstore-url.ts says why).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseConnectionString } = require('@eventstore/db-client/dist/Client/parseConnectionString') as {
    parseConnectionString: (url: string) => { dnsDiscover: boolean; hosts: { address: string; port: number }[]; tls?: boolean; tlsCAFile?: string };
  };
  const eventStore = (url: string) => loadConfig({ EVENTSTORE_URL: url }).eventStore;
  let folder: string;
  let ca: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'ledger-esdb-ca-'));
    ca = join(folder, 'ca.crt');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('keeps the embedded store when EVENTSTORE_URL is unset', () => {
    expect(loadConfig({}).eventStore).toEqual({ kind: 'embedded' });
  });

  it.each([
    ['one node without TLS', 'esdb://localhost:2113?tls=false', { dnsDiscover: false, hosts: [{ address: 'localhost', port: 2113 }], tls: false }],
    ['one node with TLS (the default), port defaulted', 'esdb://eventstore.internal', { hosts: [{ address: 'eventstore.internal', port: 2113 }] }],
    ['a cluster as the README recommends', 'esdb://node1:2113,node2:2113,node3:2113?tls=true', {
      dnsDiscover: false, tls: true, hosts: [{ address: 'node1', port: 2113 }, { address: 'node2', port: 2113 }, { address: 'node3', port: 2113 }],
    }],
    ['a cluster found through DNS', 'esdb+discover://cluster.example.com:2113?nodePreference=leader', { dnsDiscover: true, hosts: [{ address: 'cluster.example.com', port: 2113 }] }],
    ['credentials, a trailing slash and several options', 'esdb://ledger:s%40cret@10.0.0.5:2113/?tls=false&keepAliveInterval=10000&connectionName=ledger', { hosts: [{ address: '10.0.0.5', port: 2113 }], tls: false }],
  ])('accepts %s', (_, url, parsed) => {
    expect(eventStore(url)).toEqual({ kind: 'eventstoredb', url });
    expect(parseConnectionString(url)).toMatchObject(parsed); // and the client reads it as meant
  });

  it('accepts a private certificate authority given with tlsCAFile, as the client reads it', () => {
    const url = `esdb://node1:2113,node2:2113,node3:2113?tls=true&tlsCAFile=${encodeURIComponent(ca)}`;
    expect(eventStore(url)).toEqual({ kind: 'eventstoredb', url });
    expect(parseConnectionString(url)).toMatchObject({ tls: true, tlsCAFile: ca });
    expect(eventStore(`esdb://node1:2113?tlsCAFile=${ca}`).kind).toBe('eventstoredb'); // a plain path needs no encoding
  });

  const expected = 'expected esdb://host:port[,host:port...][?options] or esdb+discover://host:port[?options]';
  it.each([
    ['http://', 'http://localhost:2113', `EVENTSTORE_URL: ${expected}, not http://`],
    ['https:// with a host list', 'https://node1:2113,node2:2113', 'not https://'],
    ['tcp:// (the retired TCP client)', 'tcp://admin:changeit@localhost:1113', 'not tcp://'],
    ['garbage', 'not a connection string', `EVENTSTORE_URL: ${expected}`],
    ['an empty string', '', expected],
    ['an empty host list', 'esdb://?tls=false', 'no host given'],
    ['an empty host list with credentials', 'esdb://admin:changeit@', 'no host given'],
    ['an empty host in the list', 'esdb://node1:2113,,node3:2113', '"" is not a host[:port]'],
    ['a host with two ports', 'esdb://node1:2113:2114', 'is not a host[:port]'],
    ['options without a value', 'esdb://node1:2113?tls', 'options must be ?key=value'],
    ['a boolean option that is not one', 'esdb://node1:2113?tls=yes', 'option tls takes true or false'],
    ['a node preference the client does not know', 'esdb+discover://cluster:2113?nodePreference=nearest', 'nodePreference takes leader'],
  ])('refuses %s with the forms it takes', (_, url, message) => {
    expect(() => eventStore(url)).toThrow(ConfigurationError);
    expect(() => eventStore(url)).toThrow(message);
    expect(() => parseConnectionString(url)).toThrow(); // the client refuses it too
  });

  it.each([
    ['an unknown option, which the client would ignore', 'esdb://node1:2113?tlsCAFiles=/etc/ca.crt', 'unknown option "tlsCAFiles"'],
    ['tlsVerifyCert=false, which the client ignores', 'esdb://node1:2113?tlsVerifyCert=false', 'with tlsCAFile=/path/to/ca.crt instead'],
    ['a port that is not a number, which the client would cut to 21', 'esdb://node1:21x3', 'no valid port'],
    ['a certificate authority file that cannot be read', 'esdb://node1:2113?tls=true&tlsCAFile=/no/such/ca.crt', 'tlsCAFile (/no/such/ca.crt) cannot be read: ENOENT'],
    ['a client certificate without its key', 'esdb://node1:2113?userCertFile=/etc/ledger.crt', 'userCertFile and userKeyFile go together'],
  ])('refuses %s, where the client would fail later or silently', (_, url, message) => {
    expect(() => eventStore(url)).toThrow(message);
  });

  it('never puts the password of the connection string in an error', () => {
    for (const url of ['esdb://ledger:do-not-show@node1:2113?tls=maybe', 'esdb://ledger:do-not-show@', 'esdb://ledger:do-not-show@node1:x', 'esdb://ledger:do-not@show@node1:2113']) {
      expect(() => eventStore(url)).toThrow(ConfigurationError);
      expect(() => eventStore(url)).toThrow(/^(?!.*do-not-show)/s);
    }
  });
});
