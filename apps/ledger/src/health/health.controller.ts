import { Controller, Get, Inject, Optional, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Response } from 'express';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { READ_STORE, ReadStore } from '@ledger/read-store';
import { Public } from '../auth/roles.decorator';
import { CheckpointSourceGuard } from '../storage/checkpoint-source-guard';
import { BROKER_READINESS, ReadinessProbe } from './readiness';

const withTimeout = <T>(work: Promise<T>, ms: number) =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

/** Liveness (the process answers) and readiness (the stores and the broker answer, the read models follow the event store connected). */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  private readonly probes: ReadinessProbe[];

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(READ_STORE) reads: ReadStore,
    guard: CheckpointSourceGuard,
    @Optional() @Inject(BROKER_READINESS) broker?: ReadinessProbe,
  ) {
    this.probes = [
      { name: 'eventStore', check: async () => void (await events.headPosition()) },
      { name: 'readStore', check: async () => void (await reads.checkpoint('health')) },
      {
        // Read models (or the relay) that do not follow the connected event store: see CheckpointSourceGuard.
        name: 'checkpoints',
        check: async () => {
          if (guard.refusals.length > 0) throw new Error(guard.refusals.join(' '));
        },
      },
      ...(broker ? [broker] : []),
    ];
  }

  @Get('live')
  @ApiOperation({ summary: 'The process is up' })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({ summary: 'The stores (and the broker, when configured) answer; 503 otherwise' })
  async ready(@Res({ passthrough: true }) response: Response) {
    try {
      return await this.health.check(
        this.probes.map((probe) => async () => {
          const indicator = this.indicators.check(probe.name);
          try {
            await withTimeout(probe.check(), 2000);
            return indicator.up();
          } catch (error) {
            return indicator.down({ message: error instanceof Error ? error.message : String(error) });
          }
        }),
      );
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503);
      return error.getResponse();
    }
  }
}
