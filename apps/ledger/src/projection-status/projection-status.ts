import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { Projection, PROJECTIONS } from '@ledger/projections';
import { GenerationalReadStore, READ_STORE, ReadStore } from '@ledger/read-store';

export class GetProjectionStatusQuery {}

/** Each projection's checkpoint, how far it is behind the event store's head, and which generation of its read models is live. */
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
        return { name, checkpoint: checkpoint.toString(), lag: (head > checkpoint ? head - checkpoint : 0n).toString(), generation };
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
      }),
    ),
  }),
) {}
