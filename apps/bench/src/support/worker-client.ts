import { fork } from 'node:child_process';
import { nodeEntry, profilingArgs } from './runtime';

/**
 * Runs a phase in a fresh child process (the bench worker), so that its peak memory is its
 * own and nothing the bench did before (generating a history, running autocannon) weighs on
 * it. The child answers with the phase's result, or its error, and exits.
 */
/**
 * Node flags of a phase's worker, as the ledger's own command runs the same work: `npm run
 * rebuild` gives V8 a young generation of a fixed 64 MB. A rebuild allocates short-lived
 * objects for every event (a fifth of its time went to collecting them), and a fixed size
 * takes its memory at the start instead of growing into it.
 */
const PHASE_NODE_FLAGS: Record<string, string[]> = { rebuild: ['--min-semi-space-size=64', '--max-semi-space-size=64'] };

export function runInWorker<T>(phase: string, args: unknown): Promise<T> {
  const { args: nodeArgs } = nodeEntry('apps/bench/src/worker', [...(PHASE_NODE_FLAGS[phase] ?? []), ...profilingArgs(`worker-${phase}`)]);
  const script = nodeArgs[nodeArgs.length - 1]!;
  const execArgv = nodeArgs.slice(0, -1);
  return new Promise<T>((resolve, reject) => {
    const child = fork(script, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let settled = false;
    child.on('message', (message: { ok: boolean; result?: T; error?: string }) => {
      settled = true;
      if (message.ok) resolve(message.result as T);
      else reject(new Error(`bench worker (${phase}): ${message.error}`));
    });
    child.on('error', (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    child.on('exit', (code, signal) => {
      if (!settled) reject(new Error(`bench worker (${phase}) exited with ${signal ?? code} before answering`));
      settled = true;
    });
    child.send({ phase, args });
  });
}
