import { percent } from '../../format';

/** The bar's full width stands for this much attainment: 100% sits two thirds along, so overachievers show. */
const SCALE = 150;

/**
 * Attainment against 100% as a bar with the target marked, and the figure beside it (the
 * figure is what a screen reader reads; the bar is decoration).
 */
export function AttainmentBar({ value }: { value: string | null | undefined }) {
  if (value === null || value === undefined) return <span class="no-target">no target</span>;
  const reached = Number(value);
  const width = `${(Math.min(Math.max(reached, 0), SCALE) / SCALE) * 100}%`;
  return (
    <span class="attainment" data-value={value}>
      <span class="attainment-track" aria-hidden="true">
        <span class={reached >= 100 ? 'attainment-fill over' : 'attainment-fill'} style={{ width }} />
        <span class="attainment-target" />
      </span>
      <span class="attainment-figure">{percent(value)}</span>
    </span>
  );
}
