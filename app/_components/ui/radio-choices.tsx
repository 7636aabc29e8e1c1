/** A row of labelled radio buttons for a form field; the first option starts checked. */
export function RadioChoices({
  name,
  options,
}: {
  name: string;
  options: readonly (readonly [value: string, label: string])[];
}) {
  return (
    <div className="flex flex-wrap gap-4 text-sm">
      {options.map(([value, label], i) => (
        <label key={value} className="flex items-center gap-2">
          <input
            type="radio"
            name={name}
            value={value}
            defaultChecked={i === 0}
            className="accent-brand-600"
          />
          {label}
        </label>
      ))}
    </div>
  );
}
