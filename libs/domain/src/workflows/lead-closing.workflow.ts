import { LeadEvent, LeadExpired, LeadLost, streams } from '../events';
import { ReleaseOpportunity } from '../opportunity/opportunity.decider';
import { RegistrationStep } from './lead-registration.workflow';

/** A fact that closes a lead and frees its customer project. */
export type LeadClosed = LeadLost | LeadExpired;

export const isLeadClosed = (event: LeadEvent): event is LeadClosed => event.type === 'LeadLost' || event.type === 'LeadExpired';

/**
 * A lost or expired lead frees its customer project: the opportunity stream learns it by a
 * release that follows the lead's own fact, in two steps the application runs:
 *
 * 1. the lead's stream decides (LoseLead, ExpireLead): LeadLost or LeadExpired, or nothing;
 * 2. for the closing fact recorded (new, or found again by a retry), `releaseFor` says what to
 *    append to the opportunity stream. The application derives the release's ids from the
 *    closing event's id, so a replay never records it twice; and the opportunity decider only
 *    lets the lead that holds the project give it back, so a late release never frees a
 *    project that a newer registration holds.
 *
 * A registration racing the release is decided by the opportunity stream: a claim recorded
 * before the release is refused (the project was still held), one after it holds the project.
 */
export function releaseFor(closed: LeadClosed): RegistrationStep<ReleaseOpportunity> {
  const { leadId, opportunityKey } = closed.data;
  const reason = closed.type === 'LeadLost' ? `lead ${leadId} was lost: ${closed.data.reason}` : `the protection of lead ${leadId} ran out at ${closed.data.protectedUntil}`;
  return { streamId: streams.opportunity(opportunityKey), command: { type: 'ReleaseOpportunity', opportunityKey, leadId, reason } };
}
