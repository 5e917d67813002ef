import { LeadRegistered } from '../events';
import { addDays, instantMillis } from '../shared/instant';

/** Protection covers [registeredAt, protectedUntil): at exactly protectedUntil, it has run out. */
export function protectionRunOut(protectedUntil: string, asOf: string): boolean {
  return instantMillis(asOf) >= instantMillis(protectedUntil);
}

/**
 * What LeadRegistered recorded before protection was recorded: no protectedUntil, no
 * rulesVersion. Such a lead was registered under version 1, whose leadProtectionDays was 90:
 * it is read as protected until its occurredAt plus 90 days. (Version 1's days are fixed
 * here, not read from the program stream, so that a later change of the defaults never moves
 * an old lead's protection.)
 */
export const LEGACY_LEAD_PROTECTION = { rulesVersion: 1, leadProtectionDays: 90 } as const;

/**
 * Upcasts a LeadRegistered as recorded to its current shape: one recorded with its
 * protection is returned as is; an older one gets version 1's, from the time it occurred
 * (`occurredAt`, the event's envelope).
 */
export function upcastLeadRegistered(event: LeadRegistered, occurredAt: string | undefined): LeadRegistered & { data: { protectedUntil: string; rulesVersion: number } } {
  const { protectedUntil, rulesVersion } = event.data;
  if (protectedUntil !== undefined && rulesVersion !== undefined) return event as LeadRegistered & { data: { protectedUntil: string; rulesVersion: number } };
  return {
    ...event,
    data: {
      ...event.data,
      protectedUntil: protectedUntil ?? (occurredAt === undefined ? '' : addDays(occurredAt, LEGACY_LEAD_PROTECTION.leadProtectionDays)),
      rulesVersion: rulesVersion ?? LEGACY_LEAD_PROTECTION.rulesVersion,
    },
  };
}
