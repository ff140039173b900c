/**
 * The sync server's address, empty until the person gives theirs (no developer's localhost prefilled),
 * with what is wrong said under it and tied to it. `check` is for the form's submit: it says the problem
 * and returns false (focusing the field), or returns true.
 */
import { useId, useRef, useState } from 'react';
import { SERVER_PLACEHOLDER, serverAddressProblem } from '../server-address.js';

export function useServerField() {
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const check = () => {
    const found = serverAddressProblem(value);
    setProblem(found);
    if (found) input.current?.focus();
    return !found;
  };
  return { value: value.trim(), check, props: { value, problem, input, onChange: (next: string) => (setValue(next), setProblem(null)) } };
}

export function ServerField({ value, problem, input, onChange }: ReturnType<typeof useServerField>['props']) {
  const id = useId();
  return (
    <>
      <label>
        Server
        <input
          ref={input}
          type="text"
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          required
          placeholder={SERVER_PLACEHOLDER}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? id : undefined}
        />
      </label>
      {problem && (
        <p id={id} role="alert" className="error">
          {problem}
        </p>
      )}
    </>
  );
}
