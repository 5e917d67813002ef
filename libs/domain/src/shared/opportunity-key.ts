/**
 * Two registrations are of the same customer project when the customer id and the project
 * name match once case and surrounding spaces are ignored.
 */
export function opportunityKey(customerId: string, project: string): string {
  const normalise = (s: string) => s.trim().toLowerCase();
  return `${encodeURIComponent(normalise(customerId))}/${encodeURIComponent(normalise(project))}`;
}
