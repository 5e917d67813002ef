/** A tier as a badge (the shared styles colour silver, gold and platinum). */
export function TierBadge({ tier }: { tier: string }) {
  return <span class={`badge tier-${tier}`}>{tier}</span>;
}
