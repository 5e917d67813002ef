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
