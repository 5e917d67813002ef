import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { eventHash, HashedEventFields } from './canonical';
import { consistencyProof, fromHex, inclusionProof, leafHash, rootOf, sha256, toHex } from './merkle';

/**
 * The ledger's proofs checked by a verifier written separately, in another language, from the
 * RFC (libs/audit/verify_proof.py, hashlib only): the algorithm is checked, not just
 * self-consistent. Skipped, saying why, where python3 is not installed.
 */
const VERIFIER = join(__dirname, '..', 'verify_proof.py');
const probe = spawnSync('python3', ['--version'], { encoding: 'utf8' });
const python = !probe.error && probe.status === 0;
if (!python) console.warn(`verify_proof.py is not run: python3 is not available (${probe.error?.message ?? probe.stderr})`);
const withPython = python ? it : it.skip;

interface Verdict {
  kind: string;
  valid: boolean;
}

function runVerifier(proofs: object[]): { verdicts: Verdict[]; status: number | null; stderr: string } {
  const run = spawnSync('python3', [VERIFIER], { input: JSON.stringify(proofs), encoding: 'utf8', timeout: 60_000 });
  const verdicts = run.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Verdict);
  return { verdicts, status: run.status, stderr: run.stderr };
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => sha256(utf8(`event ${i}`)));
const tamper = (hex: string) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);

/** Every inclusion and consistency proof of trees up to `max` leaves, as the audit routes will serve them. */
function proofsUpTo(max: number) {
  const leaves = leavesOf(max);
  const roots = Array.from({ length: max + 1 }, (_, n) => toHex(rootOf(leaves.slice(0, n))));
  const inclusion = [];
  const consistency = [];
  for (let n = 1; n <= max; n++) {
    const prefix = leaves.slice(0, n);
    for (let i = 0; i < n; i++) {
      inclusion.push({ leafIndex: i, treeSize: n, leafHash: toHex(leafHash(prefix[i])), auditPath: inclusionProof(prefix, i).map(toHex), rootHash: roots[n] });
    }
    for (let m = 1; m <= n; m++) {
      consistency.push({ from: m, to: n, consistencyPath: consistencyProof(prefix, m).map(toHex), fromRoot: roots[m], toRoot: roots[n] });
    }
  }
  return { inclusion, consistency };
}

describe('the independent Python verifier', () => {
  withPython('accepts every inclusion and consistency proof of trees up to 24 leaves', () => {
    const { inclusion, consistency } = proofsUpTo(24);
    const { verdicts, status, stderr } = runVerifier([...inclusion, ...consistency]);
    expect(stderr).toBe('');
    expect(verdicts).toHaveLength(inclusion.length + consistency.length);
    expect(verdicts.filter((v) => !v.valid)).toEqual([]);
    expect(verdicts.filter((v) => v.kind === 'inclusion')).toHaveLength(inclusion.length);
    expect(status).toBe(0);
  });

  withPython('rejects tampered proofs, wrong roots and wrong positions', () => {
    const { inclusion, consistency } = proofsUpTo(13);
    const bad = [
      ...inclusion.filter((p) => p.auditPath.length > 0).map((p) => ({ ...p, auditPath: [tamper(p.auditPath[0]), ...p.auditPath.slice(1)] })),
      ...inclusion.map((p) => ({ ...p, rootHash: tamper(p.rootHash) })),
      ...inclusion.map((p) => ({ ...p, leafHash: tamper(p.leafHash) })),
      ...inclusion.filter((p) => p.leafIndex + 1 < p.treeSize).map((p) => ({ ...p, leafIndex: p.leafIndex + 1 })),
      ...inclusion.map((p) => ({ ...p, auditPath: [...p.auditPath, p.rootHash] })),
      ...consistency.filter((p) => p.from < p.to).map((p) => ({ ...p, fromRoot: tamper(p.fromRoot) })),
      ...consistency.filter((p) => p.from < p.to).map((p) => ({ ...p, toRoot: tamper(p.toRoot) })),
      ...consistency.filter((p) => p.from < p.to).map((p) => ({ ...p, consistencyPath: p.consistencyPath.map((h, i) => (i === p.consistencyPath.length - 1 ? tamper(h) : h)) })),
      ...consistency.filter((p) => p.from < p.to).map((p) => ({ ...p, consistencyPath: [] })),
      { leafIndex: 0, treeSize: 1, leafHash: 'AB'.repeat(32), auditPath: [], rootHash: 'ab'.repeat(32) },
    ];
    const { verdicts, status } = runVerifier(bad);
    expect(verdicts).toHaveLength(bad.length);
    expect(verdicts.filter((v) => v.valid)).toEqual([]);
    expect(status).toBe(1);
  });

  withPython("computes the same event hash from Python's json.dumps(sort_keys, compact separators)", () => {
    const fields: HashedEventFields = {
      streamId: 'lead-42',
      revision: 0n,
      eventId: '6f1e1b8e-0000-4000-8000-000000000042',
      type: 'LeadRegistered',
      schemaVersion: 2,
      data: { partnerId: 'p9', leadId: '42', amount: { minor: -500, currency: 'USD' }, tags: ['b', 'a'], note: 'Ünïcode "q" \\ \t\u0001 😀' },
      occurredAt: '2026-01-01T00:00:00.000Z',
      recordedAt: '2026-01-01T00:00:01.000Z',
      metadata: { actor: 'kafka-crm', source: 'kafka:crm', correlationId: 'c', causationId: 'm', idempotencyKey: 'k', hash: 'ff'.repeat(32) },
    };
    const prev = '0a'.repeat(32);
    const script = [
      'import hashlib, json, sys',
      'f = json.load(sys.stdin)',
      'f["metadata"].pop("hash", None); f["metadata"].pop("prevHash", None)',
      'text = json.dumps(f, sort_keys=True, separators=(",", ":"), ensure_ascii=False)',
      'print(hashlib.sha256(text.encode("utf-8")).hexdigest())',
    ].join('\n');
    const input = JSON.stringify({ ...fields, revision: fields.revision.toString(), prevHash: prev });
    const run = spawnSync('python3', ['-c', script], { input, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe(eventHash(fields, prev));
    expect(fromHex(run.stdout.trim())).toHaveLength(32);
  });
});
