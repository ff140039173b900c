/** A fingerprint set in groups, large enough to read out over a call; the digits stay selectable. */
export function Fingerprint({ value, label }: { value: string; label: string }) {
  return (
    <code className="fingerprint" aria-label={label}>
      {value}
    </code>
  );
}
