/** A labelled select of a filter; `any` names the empty choice (no filter) when there is one. */
export function Choice<T extends string | number>({ label, value, options, any, onChoose, text = String }: {
  label: string;
  value: T | undefined;
  options: readonly T[];
  any?: string;
  onChoose(value: string | undefined): void;
  text?: (option: T) => string;
}) {
  return (
    <label>
      {label}
      <select value={value ?? ''} onChange={(e) => onChoose((e.target as HTMLSelectElement).value || undefined)}>
        {any !== undefined && <option value="">{any}</option>}
        {options.map((o) => <option key={o} value={o}>{text(o)}</option>)}
      </select>
    </label>
  );
}
