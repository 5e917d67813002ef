const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * A month picker that acts as soon as a whole month is picked. It listens to `input` as well as
 * `change`: a panel re-rendering between the two would otherwise put the old month back into
 * the field before `change` reads it.
 */
export function MonthInput({ value, onPick, id }: { value: string; onPick: (month: string) => void; id?: string }) {
  const picked = (e: Event) => {
    const month = (e.target as HTMLInputElement).value;
    if (MONTH.test(month) && month !== value) onPick(month);
  };
  return <input id={id} type="month" value={value} required onInput={picked} onChange={picked} />;
}
