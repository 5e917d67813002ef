import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { HashedEventFields } from '@ledger/audit';
import { checkProof } from './check-proof';

/** The event an exported file holds: one JSON object, or NDJSON lines of which the one with the proof's eventId. */
function eventIn(file: string, eventId: unknown): HashedEventFields {
  const lines = readFileSync(file, 'utf8').split('\n').map((line) => line.trim()).filter(Boolean);
  const parsed = lines.length === 1 ? [JSON.parse(lines[0]!)] : lines.map((line) => JSON.parse(line));
  const found = parsed.length === 1 ? parsed[0] : parsed.find((event) => event?.eventId === eventId);
  if (!found) throw new Error(`${file} holds no event ${String(eventId)}`);
  return found as HashedEventFields;
}

/** `audit check-proof <proof.json> --digest <rootHash> [--event <event.json>]`: offline, exit 0 valid, 1 invalid. */
export function addCheckProofCommand(audit: Command): void {
  audit
    .command('check-proof <proof>')
    .description('Check a proof from GET /audit/proofs/* offline against a digest you kept: an inclusion proof against the root of its tree size, a consistency proof from your digest (its fromRoot) to its toRoot')
    .requiredOption('--digest <rootHash>', 'the root hash you kept (for a consistency proof: the earlier one, of size `from`)')
    .option('--event <file>', 'the event as exported (one JSON line): its leaf hash is recomputed from it')
    .action((file: string, options: { digest: string; event?: string }) => {
      const proof = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      let event: HashedEventFields | undefined;
      try {
        event = options.event === undefined ? undefined : eventIn(options.event, proof['eventId']);
      } catch (error) {
        throw new Error(`--event ${options.event}: ${error instanceof Error ? error.message : String(error)}`);
      }
      let verdict;
      try {
        verdict = checkProof(proof, options.digest, event);
      } catch (error) {
        // An event whose fields cannot be written canonically has no hash to prove.
        verdict = { valid: false, lines: [`invalid: ${error instanceof Error ? error.message : String(error)}`] };
      }
      for (const line of verdict.lines) console.log(line);
      process.exitCode = verdict.valid ? 0 : 1;
    });
}
