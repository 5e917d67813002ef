import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildLedger, LedgerBuild } from '../resilience/support/ledger-process';
import { leadRegistered, partnerRegistered, uid } from '../kafka/support/messages';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `ledger import` as an operator runs it: a real process on a real data folder, interrupted with Ctrl-C (SIGINT) and run again. */
describe('ledger import <file>', () => {
  let build: LedgerBuild;
  let folder: string;
  let file: string;
  const facts: string[] = [];
  const badLines: number[] = [];

  const cli = () => join(dirname(build.main), 'cli/ledger-cli.js');
  const start = (args: string[], input?: string): { child: ChildProcess; done: Promise<Run> } => {
    const child = spawn(process.execPath, [cli(), ...args], {
      cwd: folder,
      env: { PATH: process.env['PATH'] ?? '', NODE_PATH: build.nodePath, DATA_DIR: join(folder, 'data'), SQLITE_SYNCHRONOUS: 'NORMAL', LOG_LEVEL: 'error' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin!.end(input ?? '');
    const done = new Promise<Run>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
    return { child, done };
  };
  const run = (args: string[], input?: string) => start(args, input).done;
  const rejects = () => readFileSync(`${file}.rejects.ndjson`, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { line: number; code: string; value: unknown });
  const counted = (output: string) => {
    const match = /recorded (\d+), already recorded (\d+), refused (\d+)/.exec(output);
    if (!match) throw new Error(`no summary in: ${output}`);
    return { recorded: Number(match[1]), alreadyRecorded: Number(match[2]), refused: Number(match[3]) };
  };

  beforeAll(() => {
    build = buildLedger();
    folder = mkdtempSync(join(tmpdir(), 'ledger-import-'));
    file = join(folder, 'backfill.ndjson');
    for (let i = 0; i < 3000; i++) {
      const partnerId = uid('par');
      facts.push(JSON.stringify(partnerRegistered(partnerId)), JSON.stringify(leadRegistered(partnerId, uid('lead'))));
      if (i % 500 === 0) {
        facts.push('{"id": "cut short');
        badLines.push(facts.length);
      }
    }
    writeFileSync(file, `${facts.join('\n')}\n`);
  }, 300_000);
  afterAll(() => {
    build?.remove();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('stops after the chunk in hand on Ctrl-C (exit 130), then continues where it stopped: every fact recorded exactly once', async () => {
    const valid = facts.length - badLines.length;
    const first = start(['import', file, '--chunk', '200']);
    // Interrupted once some chunks are recorded, well before the end.
    for (let waited = 0; !existsSync(`${file}.import-progress`); waited += 20) {
      if (waited > 120_000) throw new Error('no progress recorded');
      await sleep(20);
    }
    first.child.kill('SIGINT');
    const interrupted = await first.done;
    expect(interrupted.code).toBe(130);
    expect(interrupted.stdout).toMatch(/import interrupted .* through line \d+/);
    const progress = JSON.parse(readFileSync(`${file}.import-progress`, 'utf8')) as { line: number; offset: number };
    expect(progress.line).toBeLessThan(facts.length);
    const before = counted(interrupted.stdout);
    expect(before.alreadyRecorded).toBe(0);

    const resumed = await run(['import', file, '--chunk', '200']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`(resumed after line ${progress.line})`);
    const after = counted(resumed.stdout);
    expect(after.alreadyRecorded).toBe(0);
    expect(before.recorded + after.recorded).toBe(valid);
    expect(before.refused + after.refused).toBe(badLines.length);
    expect(existsSync(`${file}.import-progress`)).toBe(false);
    // Each refused line once, with its number, code and the line itself.
    expect(rejects().map((r) => [r.line, r.code, r.value])).toEqual(badLines.map((line) => [line, 'MALFORMED_JSON', '{"id": "cut short']));

    // From the start again: the facts' ids make every line a no-op.
    const again = await run(['import', file]);
    expect(again.code).toBe(0);
    expect(counted(again.stdout)).toEqual({ recorded: 0, alreadyRecorded: valid, refused: badLines.length });
    expect(rejects()).toHaveLength(badLines.length);
  }, 300_000);

  it('reads standard input with --rejects, and refuses - without it (exit 2)', async () => {
    const partnerId = uid('par');
    const input = `${JSON.stringify(partnerRegistered(partnerId))}\nnot json\n`;
    const out = join(folder, 'stdin.rejects.ndjson');
    const piped = await run(['import', '-', '--rejects', out], input);
    expect(piped.code).toBe(0);
    expect(counted(piped.stdout)).toEqual({ recorded: 1, alreadyRecorded: 0, refused: 1 });
    expect(readFileSync(out, 'utf8')).toContain('"line":2,"code":"MALFORMED_JSON"');

    const usage = await run(['import', '-'], input);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--rejects');
    expect((await run(['import', join(folder, 'missing.ndjson')])).code).toBe(2);
  }, 120_000);
});
