import { answer, ledger } from '../../api/client';
import type { Schema } from '../../api/types';

export type ProgramRules = Schema<'ProgramRulesResponse'>;

export interface Program {
  /** The version in force now. */
  inForce: ProgramRules;
  /** Every version, oldest first. */
  versions: ProgramRules[];
}

/** The rules (read from the program's stream, not a read model: no freshness to ask for). */
export async function loadProgram(signal?: AbortSignal): Promise<Program> {
  const [inForce, versions] = await Promise.all([
    answer(ledger.GET('/program', { params: { query: {} }, signal })),
    answer(ledger.GET('/program/versions', { signal })),
  ]);
  return { inForce, versions: versions.items };
}

export type VersionStatus = 'in force' | 'superseded' | 'scheduled';

/** A version before the one in force was superseded; one after it is published but not in force yet. */
export function statusOf(version: ProgramRules, inForce: ProgramRules): VersionStatus {
  if (version.version === inForce.version) return 'in force';
  return version.version < inForce.version ? 'superseded' : 'scheduled';
}

/** Version 1 is in force from the beginning of time: said so rather than as year 1. */
export const effectiveText = (effectiveFrom: string) => (effectiveFrom.startsWith('0001-') ? 'From the start' : effectiveFrom.slice(0, 10));
