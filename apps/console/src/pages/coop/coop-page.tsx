import { useState } from 'preact/hooks';
import { monthLabel } from '../../format';
import { withQuery } from '../../router';
import type { PageProps } from '../registry';
import { ClaimsPanel } from './claims-panel';
import { ROI_GROUPS, RoiWindow } from './coop-data';
import { RoiSection } from './roi-section';
import './coop.css';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function windowText({ from, through }: RoiWindow): string {
  if (from && through) return `claims submitted ${monthLabel(from)} to ${monthLabel(through)}`;
  if (from) return `claims submitted since ${monthLabel(from)}`;
  if (through) return `claims submitted up to ${monthLabel(through)}`;
  return 'every claim';
}

/** The program's co-op: what its spend brought in, by activity, typology and tier, and the claims waiting for a decision. */
export function CoopPage({ route, access }: PageProps) {
  const month = (name: string) => {
    const value = route.query.get(name);
    return value && MONTH.test(value) ? value : undefined;
  };
  const window: RoiWindow = { from: month('from'), through: month('through') };
  // Bumped after each decision: the return and the claims are read again, at least at its position.
  const [revision, setRevision] = useState(0);
  const pick = (name: 'from' | 'through') => (e: Event) => {
    location.hash = withQuery(route, { [name]: (e.target as HTMLInputElement).value || undefined });
  };
  // On input only once a whole month is there (a month being typed reads as empty); see MonthInput.
  const typed = (name: 'from' | 'through') => (e: Event) => MONTH.test((e.target as HTMLInputElement).value) && pick(name)(e);
  return (
    <>
      <h1>Co-op</h1>
      <form class="controls" onSubmit={(e) => e.preventDefault()} aria-label="Window of the return">
        <label>
          Submitted from (month)
          <input type="month" value={window.from ?? ''} max={window.through} onInput={typed('from')} onChange={pick('from')} />
        </label>
        <label>
          Through (month)
          <input type="month" value={window.through ?? ''} min={window.from} onInput={typed('through')} onChange={pick('through')} />
        </label>
        {(window.from || window.through) && <a href={withQuery(route, { from: undefined, through: undefined })}>Every claim</a>}
      </form>
      <p class="help">
        Spend is what approved claims cost; leads, deals and revenue are those that named a claim, whenever they came. ROI is revenue won ÷ spend.
      </p>
      {ROI_GROUPS.map((g) => (
        <RoiSection key={g.groupBy} {...g} window={window} windowText={windowText(window)} revision={revision} />
      ))}
      <ClaimsPanel route={route} admin={access.admin} revision={revision} onDecided={() => setRevision((r) => r + 1)} />
    </>
  );
}
