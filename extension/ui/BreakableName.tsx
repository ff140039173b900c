/**
 * A key's name with line-break chances after `_`, `-`, `.` and `/` (a <wbr> each), so a long name in a
 * narrow row wraps as ANTHROPIC_ / API_KEY rather than ANTHROPIC_API_KE / Y. The text, and so the
 * accessible name, is unchanged; `overflow-wrap: anywhere` stays for a part with no separator that is
 * still too long.
 */
import { Fragment } from 'react';

export function BreakableName({ text }: { text: string }) {
  const parts = text.split(/(?<=[_\-./])/);
  if (parts.length < 2) return <>{text}</>;
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
}
