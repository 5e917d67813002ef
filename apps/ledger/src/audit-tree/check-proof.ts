import { fromHex, HashedEventFields, leafHash, toHex, verifyConsistency, verifyInclusion } from '@ledger/audit';
import { storedEventHash } from './event-leaf';

/** The verdict on a proof, and what to tell the auditor. */
export interface ProofVerdict {
  valid: boolean;
  lines: string[];
}

const HASH = /^[0-9a-f]{64}$/;
const SIZE = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;

class Malformed extends Error {}

function hash(value: unknown, field: string): Uint8Array {
  if (typeof value !== 'string' || !HASH.test(value)) throw new Malformed(`${field} must be 64 lowercase hex digits`);
  return fromHex(value);
}

function hashes(value: unknown, field: string): Uint8Array[] {
  if (!Array.isArray(value)) throw new Malformed(`${field} must be an array of hashes`);
  return value.map((item, i) => hash(item, `${field}[${i}]`));
}

function size(value: unknown, field: string): number {
  if (!SIZE(value)) throw new Malformed(`${field} must be a non-negative integer`);
  return value as number;
}

/**
 * An inclusion proof, checked against the digest as the root of the tree of its size. With the
 * event (as recorded, with its metadata), its leaf hash is recomputed rather than taken from the proof.
 */
function inclusion(proof: Record<string, unknown>, digest: Uint8Array, event?: HashedEventFields): ProofVerdict {
  const [index, treeSize] = [size(proof['leafIndex'], 'leafIndex'), size(proof['treeSize'], 'treeSize')];
  let leaf = hash(proof['leafHash'], 'leafHash');
  const lines: string[] = [];
  if (event) {
    if (proof['eventId'] !== undefined && event.eventId !== proof['eventId']) {
      return { valid: false, lines: [`invalid: the event is ${event.eventId}, the proof is of ${String(proof['eventId'])}`] };
    }
    const recomputed = leafHash(fromHex(storedEventHash(event)));
    if (toHex(recomputed) !== toHex(leaf)) return { valid: false, lines: [`invalid: the event's leaf hash is ${toHex(recomputed)}, the proof says ${toHex(leaf)}`] };
    leaf = recomputed;
    lines.push(`the event's leaf hash ${toHex(leaf)} is recomputed from the event`);
  }
  if (proof['rootHash'] !== undefined && proof['rootHash'] !== toHex(digest)) lines.push(`note: the proof's rootHash ${String(proof['rootHash'])} is not your digest; checked against your digest`);
  const valid = verifyInclusion(leaf, index, treeSize, hashes(proof['auditPath'], 'auditPath'), digest);
  lines.push(valid
    ? `valid: leaf ${index}${proof['eventId'] ? ` (event ${String(proof['eventId'])})` : ''} is in the tree of size ${treeSize} whose root is your digest`
    : `invalid: the audit path does not lead from leaf ${index} to your digest as the root of a tree of size ${treeSize}`);
  return { valid, lines };
}

/** A consistency proof: the digest is the root the auditor kept for size `from`; the proof must show `toRoot` extends it. */
function consistency(proof: Record<string, unknown>, digest: Uint8Array): ProofVerdict {
  const [from, to] = [size(proof['from'], 'from'), size(proof['to'], 'to')];
  const toRoot = hash(proof['toRoot'], 'toRoot');
  const lines: string[] = [];
  if (proof['fromRoot'] !== undefined && proof['fromRoot'] !== toHex(digest)) lines.push(`note: the proof's fromRoot ${String(proof['fromRoot'])} is not your digest; checked against your digest`);
  const valid = verifyConsistency(from, to, digest, toRoot, hashes(proof['consistencyPath'], 'consistencyPath'));
  lines.push(valid
    ? `valid: the tree of size ${to} extends your digest's tree of size ${from} without changing it; keep its root ${toHex(toRoot)} (size ${to}) as your digest`
    : `invalid: the tree of size ${to} with root ${toHex(toRoot)} is not shown to extend your digest as the tree of size ${from}`);
  return { valid, lines };
}

/**
 * `audit check-proof`: a proof as GET /audit/proofs/inclusion or /consistency answered it,
 * checked offline against an auditor's digest (RFC 9162 §2.1.3.2, §2.1.4.2). Nothing else is read.
 */
export function checkProof(proof: unknown, digest: string, event?: HashedEventFields): ProofVerdict {
  try {
    const root = hash(digest, 'the digest');
    if (typeof proof !== 'object' || proof === null || Array.isArray(proof)) throw new Malformed('the proof must be a JSON object');
    const fields = proof as Record<string, unknown>;
    if ('auditPath' in fields) return inclusion(fields, root, event);
    if ('consistencyPath' in fields) {
      if (event) throw new Malformed('--event goes with an inclusion proof');
      return consistency(fields, root);
    }
    throw new Malformed('neither an inclusion proof (auditPath) nor a consistency proof (consistencyPath)');
  } catch (error) {
    if (error instanceof Malformed) return { valid: false, lines: [`invalid: ${error.message}`] };
    throw error;
  }
}
