import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { Projection, PROJECTIONS } from '@ledger/projections';
import { GenerationalReadStore, READ_STORE, ReadStore } from '@ledger/read-store';
import { LEASES } from '../instances/ledger-instance';

export class GetProjectionStatusQuery {}

/** Each projection's checkpoint, how far it is behind the event store's head, which generation of its read models is live, and which instance projects it. */
@QueryHandler(GetProjectionStatusQuery)
export class GetProjectionStatusHandler implements IQueryHandler<GetProjectionStatusQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(PROJECTIONS) private readonly projections: Projection[],
  ) {}

  async execute() {
    const head = await this.events.headPosition();
    const projections = await Promise.all(
      this.projections.map(async ({ name }) => {
        const checkpoint = (await this.store.checkpoint(name)) ?? 0n;
        const generation = this.store instanceof GenerationalReadStore ? await this.store.liveGeneration(name) : 1;
        const lease = await this.store.lease(LEASES.projection(name));
        const held = lease !== null && lease.expiresAt.getTime() > Date.now();
        return {
          name, checkpoint: checkpoint.toString(), lag: (head > checkpoint ? head - checkpoint : 0n).toString(), generation,
          holder: held ? lease.holder : null, epoch: lease?.epoch ?? null,
        };
      }),
    );
    return { head: head.toString(), projections };
  }
}

export class ProjectionStatusResponse extends createZodDto(
  z.object({
    head: z.string(),
    projections: z.array(
      z.object({
        name: z.string(),
        checkpoint: z.string(),
        lag: z.string(),
        generation: z.number().int().describe('The generation of its read models queries read (1 until a replay switched; README, Rebuild, compare, switch)'),
        holder: z.string().nullable().describe('The ledger instance (host:pid:id) whose lease projects it now; null when none holds a running lease (README, Running several instances)'),
        epoch: z.number().int().nullable().describe('The epoch of its lease: one more at every take-over; null when never taken'),
      }),
    ),
  }),
) {}
