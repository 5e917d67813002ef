import { MonthInput } from '../../ui/month-input';
import { Field } from './field';
import { asKind, kindOf, PERIOD_KINDS, PeriodKind, quarterOf, yearOf } from './period';

const KIND_LABELS: Record<PeriodKind, string> = { month: 'Month', quarter: 'Quarter', year: 'Year' };
const valueOf = (event: Event) => (event.target as HTMLInputElement | HTMLSelectElement).value;

/**
 * A month, a quarter or a year, as the API takes them: the kind first, then the fields that
 * kind needs. Switching kind keeps the time in view (June → Q2 → the year; back to months opens
 * on the latest month with data when it falls within).
 */
export function PeriodPicker({ period, latest, onPick }: { period: string; latest: string; onPick: (period: string) => void }) {
  const kind = kindOf(period);
  const year = yearOf(period);
  // Acts on `input` as well as `change`, for the reason MonthInput gives: a re-render between
  // the two puts the year in view back into the field before `change` reads it.
  const pickYear = (text: string) => {
    if (!/^\d{4}$/.test(text) || text === String(year)) return;
    onPick(kind === 'quarter' ? `${text}-Q${quarterOf(period)}` : text);
  };
  return (
    <fieldset class="period-picker">
      <legend>Period</legend>
      <Field label="Kind of period">
        {(id) => (
          <select id={id} value={kind} onChange={(e) => onPick(asKind(period, valueOf(e) as PeriodKind, latest))}>
            {PERIOD_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {kind === 'month' ? (
        <Field label="Month">{(id) => <MonthInput id={id} value={period} onPick={onPick} />}</Field>
      ) : (
        <Field label="Year">
          {(id) => <input id={id} type="number" inputMode="numeric" min={1970} max={9999} step={1} value={year} required onInput={(e) => pickYear(valueOf(e))} onChange={(e) => pickYear(valueOf(e))} />}
        </Field>
      )}
      {kind === 'quarter' && (
        <Field label="Quarter">
          {(id) => (
            <select id={id} value={String(quarterOf(period))} onChange={(e) => onPick(`${year}-Q${valueOf(e)}`)}>
              {[1, 2, 3, 4].map((q) => (
                <option key={q} value={String(q)}>
                  Q{q}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
    </fieldset>
  );
}
