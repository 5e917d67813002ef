import type { ComponentChildren } from 'preact';

/** A key figure on a tile: what, how much, and a line of context. */
export function Kpi({ label, value, note }: { label: string; value: ComponentChildren; note?: ComponentChildren }) {
  return (
    <div class="kpi" role="group" aria-label={label}>
      <span class="kpi-label">{label}</span>
      <span class="kpi-value">{value}</span>
      {note && <span class="kpi-note">{note}</span>}
    </div>
  );
}

export function Kpis({ children }: { children: ComponentChildren }) {
  return <div class="kpis">{children}</div>;
}
