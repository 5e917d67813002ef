import { createZodDto } from 'nestjs-zod';
import { ObjectiveEvent, objectiveDecider, SetTypologyObjective, streams, Typology } from '@ledger/domain';
import { CommandContext } from '../write/command-context';
import { DeclaredCommand, StreamCommandDeclaration } from '../write/declared-command';
import { ObjectiveBody, objectiveBody, objectiveTargets } from './objective-body';

/** The HTTP body, for validation and the OpenAPI document. */
export class ObjectiveDto extends createZodDto(objectiveBody) {}

/** A typology's targets for a period, decided on the typology's objectives stream. */
export const setTypologyObjective: StreamCommandDeclaration<SetTypologyObjectiveCommand, SetTypologyObjective, null, ObjectiveEvent> = {
  name: 'SetTypologyObjective',
  decider: (program) => objectiveDecider(program.rules.currency),
  target: ({ command: { typology, period, body }, program }) => ({
    streamId: streams.typologyObjectives(typology),
    command: { type: 'SetTypologyObjective', typology, period, targets: objectiveTargets(body, program) },
    answer: () => ({ typology, period }),
  }),
};

/** PUT /objectives/typologies/:typology/:period and Kafka ObjectiveSet naming a typology. */
export class SetTypologyObjectiveCommand extends DeclaredCommand<ObjectiveBody & { occurredAt?: string }> {
  readonly declaration = setTypologyObjective;
  constructor(readonly typology: Typology, readonly period: string, body: ObjectiveBody & { occurredAt?: string }, context: CommandContext) {
    super(body, context);
  }
}
