import { AppendResult } from '@ledger/event-store';

/** What every command answers: where its events landed, as decimal strings, and the ids it used (a program version is a number; a challenge's warnings a list). */
export interface CommandResult {
  streamId: string;
  revision: string;
  position: string;
  eventIds: string[];
  [id: string]: string | string[] | number;
}

export function commandResult(append: AppendResult, ids: Record<string, string | string[] | number>): CommandResult {
  return {
    ...ids,
    streamId: append.streamId,
    revision: append.revision.toString(),
    position: append.position.toString(),
    eventIds: append.events.map((e) => e.eventId),
  };
}
