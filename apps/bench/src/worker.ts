import { appendPhase, AppendPhaseArgs } from './phases/append.phase';
import { exportPhase, ExportPhaseArgs } from './phases/export.phase';
import { rebuildPhase, RebuildPhaseArgs } from './phases/rebuild.phase';

/** The bench worker: runs one phase in a process of its own (see support/worker-client.ts). */
const phases: Record<string, (args: never) => Promise<unknown>> = {
  append: (args: AppendPhaseArgs) => appendPhase(args),
  rebuild: (args: RebuildPhaseArgs) => rebuildPhase(args),
  export: (args: ExportPhaseArgs) => exportPhase(args),
};

// The bench went away: nobody wants the answer.
process.once('disconnect', () => process.exit(1));

process.once('message', (message: { phase: string; args: unknown }) => {
  const run = phases[message.phase];
  const work = run ? run(message.args as never) : Promise.reject(new Error(`unknown phase ${message.phase}`));
  work.then(
    (result) => process.send!({ ok: true, result }, () => process.exit(0)),
    (error: unknown) => process.send!({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.exit(1)),
  );
});
