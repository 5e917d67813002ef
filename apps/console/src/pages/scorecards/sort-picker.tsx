import { Field } from './field';
import type { Sort } from './scorecards-view';

/** Every order the API ranks by, named for people (the headers sort by the columns shown; this, by any). */
const FIELDS: [Exclude<Sort, `-${string}`>, string][] = [
  ['netRevenue', 'Net revenue'],
  ['revenueWon', 'Revenue won'],
  ['revenueReversed', 'Revenue reversed'],
  ['dealsWon', 'Deals won'],
  ['leadsRegistered', 'Leads registered'],
  ['certificationsEarned', 'Certifications earned'],
  ['incentivesAwarded', 'Incentives awarded'],
  ['incentivesValue', 'Incentives value'],
  ['engagements', 'Engagements'],
  ['attainment.revenueWon', 'Revenue won, % of target'],
  ['attainment.dealsWon', 'Deals won, % of target'],
  ['attainment.leadsRegistered', 'Leads registered, % of target'],
  ['attainment.certifiedEngineers', 'Certified engineers, % of target'],
  ['partnerId', 'Partner'],
];

export function SortPicker({ sort, onSort }: { sort: Sort; onSort: (sort: Sort) => void }) {
  return (
    <Field label="Sorted by">
      {(id) => (
        <select id={id} value={sort} onChange={(e) => onSort((e.target as HTMLSelectElement).value as Sort)}>
          <optgroup label="Highest first">
            {FIELDS.map(([field, label]) => (
              <option key={`-${field}`} value={`-${field}`}>
                {label}, {field === 'partnerId' ? 'Z to A' : 'highest first'}
              </option>
            ))}
          </optgroup>
          <optgroup label="Lowest first">
            {FIELDS.map(([field, label]) => (
              <option key={field} value={field}>
                {label}, {field === 'partnerId' ? 'A to Z' : 'lowest first'}
              </option>
            ))}
          </optgroup>
        </select>
      )}
    </Field>
  );
}
