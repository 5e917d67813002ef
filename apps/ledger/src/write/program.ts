import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import {
  defaultPublishedRules, isLedgerEvent, leadDecider, parseAmount, partnerDecider, ProgramRules, ProgramRulesPublished, programDecider, rulesInForce, streams,
} from '@ledger/domain';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { CommandIds } from './command-ids';
import { StreamWriter } from './stream-writer';

/** One version of the program's rules and the deciders built on them: what a command is decided with. */
export class Program {
  readonly partner;
  readonly lead;

  constructor(readonly rules: ProgramRules) {
    this.partner = partnerDecider(rules);
    this.lead = leadDecider(rules);
  }

  /** Decimal string at the edge to minor units inside. */
  money(value: { amount: string; currency: string }, field: string) {
    return { minor: parseAmount(value.amount, field), currency: value.currency };
  }
}

/** A version as its ProgramRulesPublished records it, in the ledger's currency: what commands are decided with. */
export function publishedRules(data: ProgramRulesPublished['data'], currency: string): ProgramRules {
  const { partnerId: _none, ...rules } = data;
  return { ...rules, currency };
}

/**
 * How long versions read from the stream are trusted before a command reads it again: a
 * read per command cost a tenth of the command path. A version published through this
 * instance is seen at once; through another, within this long.
 */
const REFRESH_MS = 1000;

/** Version 1 is recorded once, whichever instance starts first: its event id derives from this key. */
const DEFAULTS_KEY = 'program-rules-version-1';

/**
 * The program's rules as the `program` stream records them, every version. A command is
 * decided with the version in force when its fact occurred (`at`), read from the stream
 * each time, so a version another instance published is seen at once. A store with no
 * version gets version 1, the defaults, at start.
 */
@Injectable()
export class ProgramVersions implements OnModuleInit {
  private versions: ProgramRules[] = [];
  private revision: bigint | undefined;
  private readAt = -Infinity;
  /** Reads go one after the other, so no version is taken twice, and a read asked for after a publish starts after it. */
  private reading: Promise<void> = Promise.resolve();
  private readonly built = new Map<number, Program>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly writer: StreamWriter,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.refresh();
    if (this.versions.length === 0) await this.recordDefaults();
  }

  /** The rules in force at `occurredAt`, with their deciders. */
  async at(occurredAt: string): Promise<Program> {
    if (performance.now() - this.readAt > REFRESH_MS) await this.refresh();
    const rules = rulesInForce(this.versions, occurredAt) ?? this.versions[0];
    if (!rules) throw new Error('no program rules recorded');
    let program = this.built.get(rules.version);
    if (!program) this.built.set(rules.version, (program = new Program(rules)));
    return program;
  }

  /** Every product line a version ever named (read again, as `at` does, when the last read is older than REFRESH_MS). */
  async productLinesEver(): Promise<ReadonlySet<string>> {
    if (performance.now() - this.readAt > REFRESH_MS) await this.refresh();
    return new Set(this.versions.flatMap((rules) => rules.productLines));
  }

  /** Every version, oldest first, as last read. */
  async all(): Promise<readonly ProgramRules[]> {
    await this.refresh();
    return this.versions;
  }

  /** The version in force now, as last read (for documents built at start). */
  get current(): ProgramRules {
    return rulesInForce(this.versions, new Date().toISOString()) ?? this.versions[0] ?? { ...defaultPublishedRules(), version: 1, currency: this.config.currency };
  }

  /** Reads the versions published since the last read (at once after a publish through this instance). */
  refresh(): Promise<void> {
    const read = this.reading.catch(() => undefined).then(() => this.readNewer());
    this.reading = read;
    return read;
  }

  private async readNewer(): Promise<void> {
    this.readAt = performance.now();
    const newer = await this.store.readStream(streams.program(), this.revision === undefined ? {} : { fromRevision: this.revision + 1n });
    for (const event of newer) {
      if (this.revision !== undefined && event.revision <= this.revision) continue;
      this.revision = event.revision;
      if (isLedgerEvent(event) && event.type === 'ProgramRulesPublished') this.versions.push(this.withCurrency(event.data));
    }
  }

  private withCurrency(data: ProgramRulesPublished['data']): ProgramRules {
    return publishedRules(data, this.config.currency);
  }

  private async recordDefaults(): Promise<void> {
    const context = { actor: 'ledger', source: 'startup', correlationId: DEFAULTS_KEY, causationId: DEFAULTS_KEY, idempotencyKey: DEFAULTS_KEY, receivedAt: new Date().toISOString() };
    await this.writer.execute({
      streamId: streams.program(),
      decider: programDecider,
      command: { type: 'PublishProgramRules', rules: defaultPublishedRules() },
      ids: new CommandIds('ProgramDefaults', context),
      context,
      occurredAt: context.receivedAt,
    });
    await this.refresh();
  }
}
