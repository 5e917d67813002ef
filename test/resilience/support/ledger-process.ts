import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

/**
 * The ledger as a real child process (`node dist/apps/ledger/src/main.js`) on the embedded
 * stores, for the suites that SIGKILL or SIGTERM it.
 *
 * The build runs once per suite with `npx nest build ledger`, into a private output folder
 * (a tsconfig that extends tsconfig.build.json and only moves outDir), so that another build
 * of the repository, which empties dist/, cannot pull the files from under a child that is
 * about to restart. NODE_PATH points the build at the repository's node_modules.
 */
export const REPO_ROOT = resolve(__dirname, '../../..');

export interface LedgerBuild {
  /** <private folder>/dist/apps/ledger/src/main.js */
  main: string;
  nodePath: string;
  /** Removes the private folder. */
  remove(): void;
}

export function buildLedger(): LedgerBuild {
  const folder = mkdtempSync(join(tmpdir(), 'ledger-build-'));
  const remove = () => rmSync(folder, { recursive: true, force: true });
  const tsconfig = join(folder, 'tsconfig.json');
  writeFileSync(tsconfig, JSON.stringify({
    extends: join(REPO_ROOT, 'tsconfig.build.json'),
    compilerOptions: { outDir: join(folder, 'dist'), typeRoots: [join(REPO_ROOT, 'node_modules/@types')] },
  }));
  const main = join(folder, 'dist/apps/ledger/src/main.js');
  try {
    // nest resolves --path against the working directory
    execFileSync('npx', ['nest', 'build', 'ledger', '--path', relative(REPO_ROOT, tsconfig)], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 120_000 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    if (!existsSync(main)) {
      remove();
      throw new Error(`npx nest build ledger failed: ${String(error)}\n${stdout ?? ''}${stderr ?? ''}`);
    }
    // Type errors elsewhere in the tree (files being edited) do not stop the emit.
    process.stderr.write(`WARNING: npx nest build ledger reported errors; running what it emitted:\n${stdout ?? ''}${stderr ?? ''}\n`);
  }
  return { main, nodePath: join(REPO_ROOT, 'node_modules'), remove };
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface LedgerProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  port: number;
  /** Everything the process printed (stdout and stderr), ANSI colours removed. */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<Exit>;
  /** True once the process has exited. */
  hasExited(): boolean;
  /** Sends `signal` and waits for the exit, at most `timeoutMs` (then SIGKILLs it and rejects). */
  stop(signal: NodeJS.Signals, timeoutMs?: number): Promise<Exit>;
}

const running = new Set<LedgerProcess>();

/** Kills every child still running (for afterAll, whatever happened). */
export async function killAllLedgers(): Promise<void> {
  await Promise.all(
    [...running].map(async (ledger) => {
      if (!ledger.hasExited()) ledger.child.kill('SIGKILL');
      await ledger.exited;
    }),
  );
}

const ANSI = /\x1b\[[0-9;]*m/g;

/**
 * Starts the ledger on `dataDir` with PORT=0 and waits for its "listening on" line. The
 * environment is NOT inherited (CI sets MONGODB_URL and KAFKA_BROKERS for other suites).
 */
export async function startLedgerProcess(build: LedgerBuild, dataDir: string, env: Record<string, string> = {}, timeoutMs = 30_000): Promise<LedgerProcess> {
  const child = spawn(process.execPath, [build.main], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_PATH: build.nodePath,
      NO_COLOR: '1',
      NODE_ENV: 'development',
      DUE_WORK_INTERVAL_MS: '0',
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'log',
      // A ledger started again after a SIGKILL takes its predecessor's leases over within this.
      LEASE_TTL_MS: '1500',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exit: Exit | undefined;
  const exited = new Promise<Exit>((resolveExit) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolveExit(exit);
    });
  });
  const ledger: LedgerProcess = {
    child,
    pid: child.pid ?? -1,
    url: '',
    port: 0,
    output: () => output,
    exited,
    hasExited: () => exit !== undefined,
    async stop(signal, stopTimeoutMs = 10_000) {
      if (exit) return exit;
      child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`the ledger did not exit within ${stopTimeoutMs} ms of ${signal}; output:\n${output.slice(-3000)}`));
        }, stopTimeoutMs);
      });
      try {
        return await Promise.race([exited, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
  running.add(ledger);
  void exited.then(() => running.delete(ledger));

  const listening = new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ledger did not start within ${timeoutMs} ms; output:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8').replace(ANSI, '');
      if (output.length > 200_000) output = output.slice(-100_000);
      const found = /Partner Ledger listening on (http:\/\/\S+?:(\d+))/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolveUrl(found[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the ledger exited before listening (code ${code}, signal ${signal}); output:\n${output}`));
    });
  });
  try {
    ledger.url = (await listening).replace('//[::1]', '//127.0.0.1').replace('//localhost', '//127.0.0.1');
  } catch (error) {
    if (!exit) child.kill('SIGKILL');
    await exited;
    throw error;
  }
  ledger.port = Number(new URL(ledger.url).port);
  return ledger;
}

export const createTempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
export const removeDir = (dir: string | undefined) => {
  if (dir) rmSync(dir, { recursive: true, force: true });
};
