import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { MasterKeyError } from './errors';

/** The configuration values a master key comes from: the key itself, or a file holding it. */
export const MASTER_KEY_VARIABLE = 'LEDGER_MASTER_KEY';
export const MASTER_KEY_FILE_VARIABLE = 'LEDGER_MASTER_KEY_FILE';
/** Where a key generated outside production is kept, inside the data directory. */
export const GENERATED_MASTER_KEY_FILE = 'master.key';

const KEY_BYTES = 32;

/**
 * A master key from its text: 64 hex digits, or base64 (standard or url-safe, padding
 * optional) of exactly 32 bytes. Surrounding whitespace is ignored (files end in a newline).
 * Errors never echo the text.
 */
export function parseMasterKey(text: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  // Node's base64 decoder skips characters it does not know; check the alphabet first.
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === KEY_BYTES) return key;
  }
  throw new MasterKeyError(`the master key must be ${KEY_BYTES} bytes, given as base64 or as 64 hex digits`);
}

export interface MasterKeyOptions {
  /** NODE_ENV-like: only production refuses to run without a configured key. */
  env: 'production' | 'development' | 'test';
  /** LEDGER_MASTER_KEY. */
  value?: string;
  /** LEDGER_MASTER_KEY_FILE: a file holding the key. */
  file?: string;
  /** Where a key generated outside production is kept (as `master.key`). */
  dataDir: string;
}

export interface ResolvedMasterKey {
  key: Buffer;
  /** True when this call generated the key: the app should warn that it is not a managed key. */
  generated: boolean;
  /** The file the key was read from or written to; absent when it was given as a value. */
  path?: string;
}

/** The two configuration values from an environment (empty counts as unset). */
export function masterKeySettings(env: Record<string, string | undefined>): Pick<MasterKeyOptions, 'value' | 'file'> {
  return { value: env[MASTER_KEY_VARIABLE] || undefined, file: env[MASTER_KEY_FILE_VARIABLE] || undefined };
}

/**
 * The master key to run with: the configured one (a value, or a file); in production none
 * configured is an error; otherwise a key generated once into `<dataDir>/master.key` (mode
 * 0600) and reused at every later start. A generated key lives beside the data it protects,
 * so it protects nothing against someone holding the folder: it exists so that development
 * and tests run with no set-up, and the caller should warn when `generated` or `path` says so.
 */
export function resolveMasterKey(options: MasterKeyOptions): ResolvedMasterKey {
  const value = options.value || undefined;
  const file = options.file || undefined;
  if (value !== undefined && file !== undefined) {
    throw new MasterKeyError(`set one of ${MASTER_KEY_VARIABLE} and ${MASTER_KEY_FILE_VARIABLE}, not both`);
  }
  if (value !== undefined) return { key: parseMasterKey(value), generated: false };
  if (file !== undefined) return { key: readKeyFile(file, MASTER_KEY_FILE_VARIABLE), generated: false, path: file };
  if (options.env === 'production') {
    throw new MasterKeyError(
      `no master key: in production set ${MASTER_KEY_VARIABLE} (32 bytes as base64 or 64 hex digits) or ${MASTER_KEY_FILE_VARIABLE} (a file holding it); ` +
        'without it every sealed personal datum is unreadable',
    );
  }
  const path = join(options.dataDir, GENERATED_MASTER_KEY_FILE);
  if (existsSync(path)) return { key: readKeyFile(path, path), generated: false, path };
  return generateKeyFile(options.dataDir, path);
}

function readKeyFile(path: string, source: string): Buffer {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new MasterKeyError(`cannot read the master key file (${source}): ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    return parseMasterKey(text);
  } catch (error) {
    throw new MasterKeyError(`${(error as Error).message} (in ${source})`);
  }
}

/**
 * Writes a new key to a temporary file (0600, synced) and links it into place: the link
 * fails if the file exists, so two processes starting together never overwrite each other's
 * key nor read a half-written one; the loser reads the winner's.
 */
function generateKeyFile(dataDir: string, path: string): ResolvedMasterKey {
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(KEY_BYTES);
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, `${key.toString('base64')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { key: readKeyFile(path, path), generated: false, path };
  } finally {
    unlinkSync(temporary);
  }
  return { key, generated: true, path };
}
