// Edits the scalar fields of a JSON object (booleans, numbers, strings) in place: the rule and
// channel shapes belong to the alerts API, so the form follows whatever fields it returns.

type Scalar = string | number | boolean | null;

const label = (key: string) =>
  key
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();

export function FieldEditor({
  value,
  onChange,
  idPrefix,
  readOnly = ['id', 'kind', 'rule', 'type'],
}: {
  value: Record<string, unknown>;
  onChange: (next: Record<string, unknown>) => void;
  idPrefix: string;
  readOnly?: string[];
}) {
  const fields = Object.entries(value).filter(
    ([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v),
  ) as Array<[string, Scalar]>;
  return (
    <div class="fields">
      {fields.map(([key, v]) => {
        const id = `${idPrefix}-${key}`;
        if (readOnly.includes(key)) return null;
        if (typeof v === 'boolean')
          return (
            <label class="check" key={key} for={id}>
              <input
                id={id}
                type="checkbox"
                checked={v}
                onChange={(e) => onChange({ ...value, [key]: e.currentTarget.checked })}
              />
              <span>{label(key)}</span>
            </label>
          );
        return (
          <label key={key} for={id}>
            <span>{label(key)}</span>
            <input
              id={id}
              type={typeof v === 'number' ? 'number' : 'text'}
              step="any"
              value={v ?? ''}
              onInput={(e) => {
                const raw = e.currentTarget.value;
                onChange({
                  ...value,
                  [key]: typeof v === 'number' ? (raw === '' ? null : Number(raw)) : raw,
                });
              }}
            />
          </label>
        );
      })}
    </div>
  );
}
