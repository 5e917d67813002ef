import { onPartnerStream } from '../partners';
import { CommandContext } from '../write/command-context';
import { CommandDeclaration, DeclaredCommand } from '../write/declared-command';
import { ObjectiveBody, objectiveTargets } from './objective-body';

/** A partner's own targets for a period, decided on its stream (404 PARTNER_NOT_FOUND for a partner never registered). */
export const setPartnerObjective = onPartnerStream<SetPartnerObjectiveCommand>(
  'SetPartnerObjective',
  ({ command: { partnerId, period, body }, occurredAt, program }) => ({ type: 'SetPartnerObjective', partnerId, period, targets: objectiveTargets(body, program), occurredAt }),
  ({ events: [set] }): Record<string, string> => (set?.type === 'ObjectiveSet' ? { period: set.data.period } : {}),
);

/** PUT /objectives/partners/:partnerId/:period and Kafka ObjectiveSet naming a partner. */
export class SetPartnerObjectiveCommand extends DeclaredCommand<ObjectiveBody & { occurredAt?: string }> {
  readonly declaration: CommandDeclaration = setPartnerObjective;
  constructor(readonly partnerId: string, readonly period: string, body: ObjectiveBody & { occurredAt?: string }, context: CommandContext) {
    super(body, context);
  }
}
