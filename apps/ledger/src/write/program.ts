import { Inject, Injectable } from '@nestjs/common';
import { defaultProgramRules, leadDecider, parseAmount, partnerDecider, ProgramRules } from '@ledger/domain';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';

/** The program rules in force and the deciders built on them. */
@Injectable()
export class Program {
  readonly rules: ProgramRules;
  readonly partner;
  readonly lead;

  constructor(@Inject(LEDGER_CONFIG) config: LedgerConfig) {
    this.rules = defaultProgramRules(config.currency);
    this.partner = partnerDecider(this.rules);
    this.lead = leadDecider(this.rules);
  }

  /** Decimal string at the edge to minor units inside. */
  money(value: { amount: string; currency: string }, field: string) {
    return { minor: parseAmount(value.amount, field), currency: value.currency };
  }
}
