import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';

/**
 * Where an interrupted import of a file stopped: `<file>.import-progress`, rewritten after every
 * chunk. It holds the file's size and modification time: a file changed since is imported from
 * its start (its facts' ids make the lines already recorded cost time only).
 */
export interface ImportProgress {
  size: number;
  mtimeMs: number;
  /** Byte offset and line number the import continues after. */
  offset: number;
  line: number;
}

export const progressFileOf = (file: string) => `${file}.import-progress`;

export function fileIdentity(file: string): { size: number; mtimeMs: number } {
  const stat = statSync(file);
  return { size: stat.size, mtimeMs: stat.mtimeMs };
}

/** The progress recorded for this very file, or undefined (none, unreadable, or the file changed since). */
export function readProgress(file: string): ImportProgress | undefined {
  const path = progressFileOf(file);
  if (!existsSync(path)) return undefined;
  try {
    const progress = JSON.parse(readFileSync(path, 'utf8')) as ImportProgress;
    const now = fileIdentity(file);
    const valid = [progress.offset, progress.line].every((n) => Number.isSafeInteger(n) && n >= 0) && progress.offset <= now.size;
    return valid && progress.size === now.size && progress.mtimeMs === now.mtimeMs ? progress : undefined;
  } catch {
    return undefined;
  }
}

/** Written beside and renamed over, so that a kill mid-write leaves the previous progress whole. */
export function writeProgress(file: string, progress: ImportProgress): void {
  const path = progressFileOf(file);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(progress)}\n`);
  renameSync(`${path}.tmp`, path);
}

export function clearProgress(file: string): void {
  rmSync(progressFileOf(file), { force: true });
}
