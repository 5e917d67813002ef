import Database from 'better-sqlite3';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A burst of ledger commands sent by several concurrent HTTP clients, each command with its
 * own Idempotency-Key, remembering every answer, so that a suite can check afterwards what
 * the event store holds against what the clients were told.
 */
export type Kind = 'partner' | 'certification' | 'incentive' | 'lead' | 'win' | 'ghost-win';

/** What one attempt got back: an HTTP answer, or a transport failure (no answer at all). */
export type Outcome =
  | { status: number; body: Record<string, any>; sentAt: number; ms: number } // eslint-disable-line @typescript-eslint/no-explicit-any
  | { error: string; code: string; sentAt: number; ms: number };

export interface Command {
  seq: number;
  key: string;
  kind: Kind;
  path: string;
  body: Record<string, unknown>;
  partnerId: string;
  /** Known up front when the client names it; otherwise derived by the ledger from the key. */
  leadId?: string;
  /** What the ledger must answer, first time or retried: 201, or 404 for a win on a lead that never existed. */
  expected: 201 | 404;
  /** Minor units this command adds to the partner's revenue (wins) or incentives value. */
  minor: number;
  attempts: Outcome[];
}

export const isAnswer = (o: Outcome | undefined): o is Extract<Outcome, { status: number }> => o !== undefined && 'status' in o;
export const lastAnswer = (c: Command) => {
  const last = c.attempts[c.attempts.length - 1];
  return isAnswer(last) ? last : undefined;
};
export const acknowledged = (c: Command) => lastAnswer(c)?.status === 201;

/** A small deterministic PRNG (mulberry32), so a failing run can be replayed with its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function errorCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string; name?: string } }).cause;
  return cause?.code ?? cause?.name ?? (error as { name?: string }).name ?? 'UNKNOWN';
}

/** One POST with the command's Idempotency-Key; the outcome is appended to `command.attempts`. */
export async function send(baseUrl: string, command: Command, timeoutMs = 30_000): Promise<Outcome> {
  const sentAt = Date.now();
  let outcome: Outcome;
  try {
    const response = await fetch(`${baseUrl}${command.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': command.key },
      body: JSON.stringify(command.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text);
    } catch {
      body = { raw: text };
    }
    outcome = { status: response.status, body, sentAt, ms: Date.now() - sentAt };
  } catch (error) {
    outcome = { error: String(error), code: errorCode(error), sentAt, ms: Date.now() - sentAt };
  }
  command.attempts.push(outcome);
  return outcome;
}

const PRODUCT_LINES = ['utm', 'utm', 'network', 'endpoint', 'email', 'cloud'];
const ROLES = ['sales', 'presales', 'technical'];
const KINDS = ['voucher', 'trip', 'goodies', 'cash'];
const money = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

/**
 * The commands of a burst: partners first (sent on their own), then a shuffled mix of
 * certifications, incentives, lead registrations and a few wins on leads that never
 * existed; a win is added for most leads once their registration is acknowledged.
 */
export class Workload {
  readonly partners: Command[] = [];
  readonly commands: Command[] = [];
  private readonly queue: Command[] = [];
  private readonly wins: Command[] = [];
  private readonly random: () => number;
  private seq = 0;

  constructor(readonly run: string, partnerCount: number, burst: number, seed: number) {
    this.random = prng(seed);
    for (let i = 0; i < partnerCount; i++) {
      const partnerId = `p-${run}-${i}`;
      this.partners.push(this.command('partner', '/partners', partnerId, {
        partnerId, name: `Partner ${i}`, typology: ['integrator', 'var', 'isv', 'wholesaler'][i % 4], territory: { country: ['FR', 'ES', 'DE'][i % 3] },
      }));
    }
    for (let n = 0; n < burst; n++) {
      const partnerId = this.partners[Math.floor(this.random() * partnerCount)]!.partnerId;
      const pick = this.random();
      const seq = this.seq;
      if (pick < 0.33) {
        this.queue.push(this.command('certification', `/partners/${partnerId}/certifications`, partnerId, {
          engineerId: `eng-${seq}`, engineerName: `Engineer ${seq}`, productLine: PRODUCT_LINES[seq % PRODUCT_LINES.length],
        }));
      } else if (pick < 0.63) {
        const minor = 100 + Math.floor(this.random() * 50_000);
        const command = this.command('incentive', `/partners/${partnerId}/incentives`, partnerId, {
          recipient: { personId: `person-${seq}`, name: `Person ${seq}`, role: ROLES[seq % 3] },
          kind: KINDS[seq % 4], value: { amount: money(minor), currency: 'EUR' }, reason: `challenge ${seq}`,
        });
        command.minor = minor;
        this.queue.push(command);
      } else if (pick < 0.96) {
        // Half the leads are named by the client, half get an id derived from the key.
        const leadId = seq % 2 === 0 ? `lead-${run}-${seq}` : undefined;
        const command = this.command('lead', `/partners/${partnerId}/leads`, partnerId, {
          ...(leadId ? { leadId } : {}),
          customer: { id: `cust-${run}-${seq}`, name: `Customer ${seq}` }, project: `Project ${seq}`,
          estimatedValue: { amount: money(1_000_00 + seq), currency: 'EUR' },
        });
        command.leadId = leadId;
        this.queue.push(command);
      } else {
        const leadId = `ghost-${run}-${seq}`;
        const command = this.command('ghost-win', `/leads/${leadId}/won`, partnerId, { amount: '10.00', currency: 'EUR' });
        command.leadId = leadId;
        command.expected = 404;
        this.queue.push(command);
      }
    }
  }

  private command(kind: Kind, path: string, partnerId: string, body: Record<string, unknown>): Command {
    const seq = this.seq++;
    const command: Command = { seq, key: `${this.run}-${kind}-${seq}`, kind, path, body, partnerId, expected: 201, minor: 0, attempts: [] };
    this.commands.push(command);
    return command;
  }

  /** The next command to send: a pending win when there is one, else the next of the burst. */
  next(): Command | undefined {
    return this.wins.shift() ?? this.queue.shift();
  }

  get remaining(): number {
    return this.queue.length + this.wins.length;
  }

  /** Called with every answer: an acknowledged lead gets its deal won, most of the time. */
  answered(command: Command): void {
    const answer = lastAnswer(command);
    if (command.kind !== 'lead' || answer?.status !== 201) return;
    const leadId = String(answer.body['leadId']);
    command.leadId ??= leadId;
    if (this.commands.some((c) => c.kind === 'win' && c.leadId === leadId) || this.random() >= 0.6) return;
    const minor = 500_00 + Math.floor(this.random() * 2_000_000);
    const margin = Math.floor(minor / 7);
    const win = this.command('win', `/leads/${leadId}/won`, command.partnerId, {
      amount: money(minor), currency: 'EUR',
      lines: [{ productLine: 'utm', product: 'UTM-500', revenue: money(minor), margin: money(margin) }],
    });
    win.leadId = leadId;
    win.minor = minor;
    this.wins.push(win);
  }
}

export interface BurstOptions {
  clients: number;
  /** Stop taking new commands once this returns true (checked before each send). */
  stopWhen?: () => boolean;
  /** Called after every outcome (e.g. to count acknowledgements). */
  onOutcome?: (command: Command, outcome: Outcome) => void;
  /** Called as a request leaves, before the ledger can have seen it (e.g. to SIGKILL it with that request in flight). */
  onSend?: (command: Command) => void;
  /** A client whose request got no answer (connection refused or cut) sends nothing more. */
  stopClientOnFailure?: boolean;
}

/**
 * Sends the workload's commands with `clients` concurrent sequential clients until it is
 * exhausted or `stopWhen` says so. Commands without an answer are returned: they were in
 * flight when the connection failed.
 */
export async function runBurst(baseUrl: string, workload: Workload, options: BurstOptions): Promise<Command[]> {
  const unanswered: Command[] = [];
  let inFlight = 0;
  const client = async () => {
    for (;;) {
      if (options.stopWhen?.()) return;
      const command = workload.next();
      if (!command) {
        if (inFlight === 0) return;
        await sleep(2); // a lead in flight may still add its win
        continue;
      }
      inFlight++;
      const sending = send(baseUrl, command);
      options.onSend?.(command);
      const outcome = await sending;
      inFlight--;
      if (isAnswer(outcome)) workload.answered(command);
      else unanswered.push(command);
      options.onOutcome?.(command, outcome);
      if (!isAnswer(outcome) && options.stopClientOnFailure) return;
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  return unanswered;
}

/** An event as stored in DATA_DIR/events.sqlite, read with plain SQL. */
export interface StoredEvent {
  position: number;
  eventId: string;
  streamId: string;
  revision: number;
  type: string;
  data: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  idempotencyKey?: string;
}

/** Every event of the embedded event store, in position order, read directly from the file. */
export function readStoredEvents(dataDir: string): StoredEvent[] {
  const db = new Database(join(dataDir, 'events.sqlite'), { fileMustExist: true });
  try {
    const rows = db.prepare('SELECT position, event_id, stream_id, revision, type, data, metadata FROM events ORDER BY position').all() as {
      position: number; event_id: string; stream_id: string; revision: number; type: string; data: string; metadata: string;
    }[];
    return rows.map((row) => ({
      position: row.position,
      eventId: row.event_id,
      streamId: row.stream_id,
      revision: row.revision,
      type: row.type,
      data: JSON.parse(row.data),
      idempotencyKey: JSON.parse(row.metadata).idempotencyKey,
    }));
  } finally {
    db.close();
  }
}

export function groupByKey(events: StoredEvent[]): Map<string, StoredEvent[]> {
  const byKey = new Map<string, StoredEvent[]>();
  for (const event of events) {
    const key = event.idempotencyKey ?? '(none)';
    byKey.set(key, [...(byKey.get(key) ?? []), event]);
  }
  return byKey;
}

/** Lead registrations whose opportunity claim was appended but whose lead was not. */
export function claimsWithoutLead(events: StoredEvent[]): StoredEvent[] {
  const registered = new Set(events.filter((e) => e.type === 'LeadRegistered').map((e) => `${e.data['leadId']}\u0000${e.data['partnerId']}\u0000${e.data['opportunityKey']}`));
  return events.filter((e) => e.type === 'OpportunityClaimed' && !registered.has(`${e.data['leadId']}\u0000${e.data['partnerId']}\u0000${e.data['opportunityKey']}`));
}

/**
 * What a command's events must be, given its final answer: exactly the answered event ids
 * (plus, for a lead registration, its opportunity claim), each recorded once; nothing at
 * all for a command that was refused or never sent. Returns the problems found.
 */
export function checkRecorded(command: Command, recorded: StoredEvent[]): string[] {
  const problems: string[] = [];
  const answer = lastAnswer(command);
  const ids = recorded.map((e) => e.eventId);
  if (new Set(ids).size !== ids.length) problems.push(`${command.key}: an event id recorded twice`);
  if (answer?.status !== 201) {
    if (recorded.length > 0) problems.push(`${command.key} (${command.kind}, answered ${answer?.status ?? 'nothing'}): ${recorded.length} event(s) recorded: ${recorded.map((e) => e.type)}`);
    return problems;
  }
  const answered = answer.body['eventIds'] as string[];
  const claims = recorded.filter((e) => e.type === 'OpportunityClaimed');
  const rest = recorded.filter((e) => e.type !== 'OpportunityClaimed');
  if (JSON.stringify(rest.map((e) => e.eventId)) !== JSON.stringify(answered)) {
    problems.push(`${command.key}: answered ${JSON.stringify(answered)} but recorded ${JSON.stringify(rest.map((e) => `${e.type}:${e.eventId}`))}`);
  }
  const last = rest[rest.length - 1];
  if (last && String(last.position) !== answer.body['position']) problems.push(`${command.key}: answered position ${answer.body['position']}, recorded ${last.position}`);
  if (last && last.streamId !== answer.body['streamId']) problems.push(`${command.key}: answered stream ${answer.body['streamId']}, recorded ${last.streamId}`);
  if (command.kind === 'lead') {
    const leadId = answer.body['leadId'];
    if (claims.length !== 1 || claims[0]!.data['leadId'] !== leadId || claims[0]!.data['partnerId'] !== command.partnerId) {
      problems.push(`${command.key}: expected one opportunity claim for lead ${leadId}, found ${JSON.stringify(claims.map((c) => c.data))}`);
    }
  } else if (claims.length > 0) {
    problems.push(`${command.key}: unexpected opportunity claim`);
  }
  return problems;
}

/** Polls GET /projections until every projection's lag is 0 (and the head is at least `head`). */
export async function waitForProjections(baseUrl: string, timeoutMs = 30_000): Promise<{ head: string; projections: { name: string; checkpoint: string; lag: string }[] }> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const response = await fetch(`${baseUrl}/projections`);
    last = await response.json();
    const status = last as { head: string; projections: { name: string; checkpoint: string; lag: string }[] };
    if (response.status === 200 && status.projections.every((p) => p.lag === '0')) return status;
    await sleep(50);
  }
  throw new Error(`the projections did not catch up within ${timeoutMs} ms: ${JSON.stringify(last)}`);
}

/** One line saying what became of a command, for failure messages. */
export const describeOutcome = (c: Command, o: Outcome | undefined) =>
  `${c.key} ${c.kind} ${c.path}: ${o === undefined ? 'not sent' : isAnswer(o) ? `${o.status} ${JSON.stringify(o.body)}` : `${o.code} ${o.error}`}`;
