import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MasterKeyError } from './errors';
import { masterKeySettings, parseMasterKey, resolveMasterKey } from './master-key';

const folder = mkdtempSync(join(tmpdir(), 'ledger-master-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const fresh = () => mkdtempSync(join(folder, 'data-'));

describe('master key', () => {
  const key = randomBytes(32);

  it('parses 32 bytes as hex, base64 or base64url, ignoring surrounding whitespace', () => {
    expect(parseMasterKey(key.toString('hex')).equals(key)).toBe(true);
    expect(parseMasterKey(key.toString('hex').toUpperCase()).equals(key)).toBe(true);
    expect(parseMasterKey(key.toString('base64')).equals(key)).toBe(true);
    expect(parseMasterKey(`  ${key.toString('base64url')}\n`).equals(key)).toBe(true);
  });

  it('refuses anything else without echoing it', () => {
    for (const bad of ['', 'short', randomBytes(31).toString('base64'), randomBytes(33).toString('hex'), `${key.toString('base64')}!`, 'zz'.repeat(32)]) {
      let error: unknown;
      try {
        parseMasterKey(bad);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(MasterKeyError);
      if (bad.length > 2) expect((error as Error).message).not.toContain(bad);
    }
  });

  it('uses a key given as a value, or in a file', () => {
    const dataDir = fresh();
    expect(resolveMasterKey({ env: 'production', value: key.toString('hex'), dataDir })).toEqual({ key, generated: false });
    const file = join(dataDir, 'given.key');
    writeFileSync(file, `${key.toString('base64')}\n`);
    expect(resolveMasterKey({ env: 'production', file, dataDir })).toEqual({ key, generated: false, path: file });
  });

  it('refuses both at once, an unreadable file, and none at all in production', () => {
    const dataDir = fresh();
    expect(() => resolveMasterKey({ env: 'development', value: key.toString('hex'), file: '/x', dataDir })).toThrow(/not both/);
    expect(() => resolveMasterKey({ env: 'development', file: join(dataDir, 'missing'), dataDir })).toThrow(/ENOENT/);
    expect(() => resolveMasterKey({ env: 'production', dataDir })).toThrow(/LEDGER_MASTER_KEY/);
    expect(() => resolveMasterKey({ env: 'production', value: '', file: '', dataDir })).toThrow(MasterKeyError);
  });

  it('outside production, generates a key once into <dataDir>/master.key (0600) and reuses it', () => {
    const dataDir = join(fresh(), 'nested');
    const first = resolveMasterKey({ env: 'development', dataDir });
    expect(first.generated).toBe(true);
    expect(first.path).toBe(join(dataDir, 'master.key'));
    expect(first.key).toHaveLength(32);
    expect(statSync(first.path!).mode & 0o777).toBe(0o600);
    expect(parseMasterKey(readFileSync(first.path!, 'utf8')).equals(first.key)).toBe(true);
    const again = resolveMasterKey({ env: 'test', dataDir });
    expect(again).toEqual({ key: first.key, generated: false, path: first.path });
    // a configured key wins over the generated file
    expect(resolveMasterKey({ env: 'development', value: key.toString('hex'), dataDir }).key.equals(key)).toBe(true);
  });

  it('reads its settings from LEDGER_MASTER_KEY and LEDGER_MASTER_KEY_FILE, empty meaning unset', () => {
    expect(masterKeySettings({ LEDGER_MASTER_KEY: 'k', LEDGER_MASTER_KEY_FILE: '' })).toEqual({ value: 'k', file: undefined });
    expect(masterKeySettings({ LEDGER_MASTER_KEY_FILE: '/run/secrets/key' })).toEqual({ value: undefined, file: '/run/secrets/key' });
  });
});
