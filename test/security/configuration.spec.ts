import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, loadConfig } from '../../apps/ledger/src/config/ledger-config';
import { authenticate, hashSecret } from '../../apps/ledger/src/auth/api-keys';

describe('configuration of API keys', () => {
  const secret = 'a-long-enough-secret-value';

  it('refuses to start in production without keys', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigurationError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/needs API keys/);
  });

  it('starts in production with keys, keeping only their hashes', () => {
    const config = loadConfig({ NODE_ENV: 'production', LEDGER_API_KEYS: JSON.stringify([{ name: 'crm', roles: ['publisher'], key: secret }]) });
    expect(config.auth.keys).toHaveLength(1);
    expect(config.auth.keys[0]!.sha256.equals(hashSecret(secret))).toBe(true);
    expect(JSON.stringify(config)).not.toContain(secret);
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
