import { AllStreamResolvedEvent, ResolvedEvent } from '@eventstore/db-client';
import { toEventData } from '../translation';

export interface Where {
  streamId: string;
  revision?: bigint | number;
  /** Missing for a link to a deleted event or a position the server did not report; a number from older clients and servers. */
  commit?: bigint | number;
  prepare?: bigint | number;
  commitPosition?: bigint;
  created?: Date;
}

/**
 * What the client hands back (stream and $all reads alike) for an event it sent: the client's
 * JSON event, serialised and parsed as it crosses the wire, with the server's stream,
 * revision, position and creation time, in the shape of the client's ResolvedEvent.
 */
export function resolvedAsSent(sent: ReturnType<typeof toEventData>, where: Where): ResolvedEvent & AllStreamResolvedEvent {
  // The client parses JSON metadata and gives undefined when there is none.
  const wire = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));
  return {
    event: {
      streamId: where.streamId,
      id: sent.id,
      isJson: sent.contentType === 'application/json',
      revision: (where.revision ?? 0n) as bigint,
      type: sent.type,
      created: where.created ?? new Date('2026-03-14T09:30:01.234Z'),
      data: wire(sent.data),
      metadata: wire(sent.metadata),
      ...(where.commit !== undefined ? { position: { commit: where.commit as bigint, prepare: (where.prepare ?? where.commit) as bigint } } : {}),
    },
    ...(where.commitPosition !== undefined ? { commitPosition: where.commitPosition } : {}),
  } as ResolvedEvent & AllStreamResolvedEvent;
}
