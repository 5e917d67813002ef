import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { BodyValidationPipe } from './http/body-validation.pipe';
import { ApiKeyGuard } from './auth/api-key.guard';
import { AuditChainController } from './audit-chain';
import { CertificationExpiryWork, CertificationsController } from './certifications';
import { ChallengeQueriesController, ChallengesController } from './challenges';
import { AuditSearchController } from './audit-search';
import { CoopBudgetController } from './coop-budget';
import { AuditTreeController } from './audit-tree';
import { HistoryController } from './history';
import { ImportsController } from './imports';
import { IncentivesController } from './incentives';
import { ExpireDueLeadsHandler, LeadExpiryWork, LeadQueriesController, LeadsController } from './leads';
import { MarginsController } from './margins';
import { PartnerRoster, PartnersController } from './partners';
import { ObjectiveQueriesController, ObjectivesController } from './objectives';
import { ProgramController, ProgramQueriesController } from './program';
import { ProjectionStatusController } from './projection-status';
import { ReplayController, ReplayJobs } from './replay';
import { SanctionsController } from './sanctions';
import { EngagementsController } from './engagements';
import { CoopClaimsController, CoopReactorService } from './coop';
import { ScorecardEvidenceController, ScorecardsController } from './scorecards';
import { PartnerTierController, TierReevaluationWork, TiersController } from './tiers';
import { LEDGER_CONFIG, LedgerConfig } from './config/ledger-config';
import { HealthController } from './health/health.controller';
import { AdminController } from './http/admin.controller';
import { CurrentKeyController } from './auth/current-key.controller';
import { HttpDrain } from './http/http-drain';
import { ProblemFilter } from './http/problem.filter';
import { KafkaModule } from './kafka/kafka.module';
import { FactBatches } from './fact-batches';
import { ProjectorService } from './projector/projector.service';
import { LEDGER_PROJECTIONS, QUERY_HANDLERS, ReadModelFreshness } from './read-models';
import { PROJECTIONS } from '@ledger/projections';
import { StorageModule } from './storage/storage.module';
import { DeclaredCommandHandler } from './write/declared-command.handler';
import { ProgramVersions } from './write/program';
import { StreamWriter } from './write/stream-writer';
import { DUE_WORK, DueWork } from './due-work/due-work';
import { DueWorkScheduler } from './due-work/due-work.scheduler';
import { PeopleController, PersonalData } from './people';
import { EVENT_SEALING } from './write/event-sealing';
import { PERSONAL_DATA_READER } from './read-models/read-model-query';
import { AsOfQueryHandler } from './as-of/as-of.handler';
import { ScopeEvents } from './as-of/scope-events';

/** The ledger: write side, projector and query side, over the stores the configuration names. */
/** Each capability's and read model's routes, declared in its own folder. */
const CAPABILITY_CONTROLLERS = [
  PartnersController, LeadsController, LeadQueriesController, CertificationsController, IncentivesController, ScorecardsController, ScorecardEvidenceController, HistoryController, ProjectionStatusController,
  PeopleController, ProgramController, ProgramQueriesController, TiersController, PartnerTierController, SanctionsController,
  EngagementsController, ObjectivesController, ObjectiveQueriesController, ChallengesController, ChallengeQueriesController, MarginsController,
  CoopClaimsController, CoopBudgetController, AuditChainController, AuditTreeController, AuditSearchController, ReplayController, ImportsController,
];

@Module({})
export class LedgerModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    return {
      module: LedgerModule,
      global: true,
      imports: [CqrsModule.forRoot(), TerminusModule.forRoot({ logger: false }), StorageModule, KafkaModule.forRoot(config)],
      controllers: [...CAPABILITY_CONTROLLERS, AdminController, CurrentKeyController, HealthController],
      providers: [
        { provide: LEDGER_CONFIG, useValue: config },
        { provide: PROJECTIONS, useValue: LEDGER_PROJECTIONS },
        { provide: APP_PIPE, useClass: BodyValidationPipe },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        HttpDrain,
        ProgramVersions,
        StreamWriter,
        FactBatches,
        PersonalData,
        PartnerRoster,
        LeadExpiryWork,
        CertificationExpiryWork,
        TierReevaluationWork,
        // Due work, in the order a round runs it: expiries first, so a re-evaluation sees what remains.
        { provide: DUE_WORK, inject: [LeadExpiryWork, CertificationExpiryWork, TierReevaluationWork], useFactory: (...work: DueWork[]) => work },
        DueWorkScheduler,
        { provide: EVENT_SEALING, useExisting: PersonalData },
        { provide: PERSONAL_DATA_READER, useExisting: PersonalData },
        ProjectorService,
        ReplayJobs,
        CoopReactorService,
        ReadModelFreshness,
        DeclaredCommandHandler,
        ExpireDueLeadsHandler,
        ...QUERY_HANDLERS,
        ScopeEvents,
        AsOfQueryHandler,
      ],
      exports: [LEDGER_CONFIG, PROJECTIONS, FactBatches],
    };
  }
}
