/**
 * A secret's value field, as the add form and the rotate form both show it: masked, with Show/Hide,
 * and "Generate", which fills it from the generator and opens the generator's options below. Changing
 * an option makes a new value at once (as Bitwarden and 1Password do), and the options are remembered
 * for the next time (remembered-generator.ts).
 *
 * The value is made here, in the page, from shared/'s generator (crypto.getRandomValues): asking the
 * background would only send the fresh secret through one more message.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { generateWith, type GeneratorOptions } from '../../../shared/index.js';
import { rememberedGenerator, rememberGenerator } from '../remembered-generator.js';
import { GeneratorPanel } from './GeneratorPanel.js';

export function SecretField({ id, label, value, onChange, autoFocus }: { id: string; label: string; value: string; onChange: (value: string) => void; autoFocus?: boolean }) {
  const [visible, setVisible] = useState(false);
  const [options, setOptions] = useState<GeneratorOptions | null>(null);
  const [open, setOpen] = useState(false);
  const generateButton = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  useEffect(() => {
    let live = true;
    void rememberedGenerator().then((kept) => live && setOptions((o) => o ?? kept));
    return () => {
      live = false;
    };
  }, []);

  const generate = async () => {
    const chosen = options ?? (await rememberedGenerator()); // a click before the stored options arrived
    setOptions(chosen);
    onChange(generateWith(chosen));
    setOpen(true);
  };
  const choose = (next: GeneratorOptions) => {
    setOptions(next);
    rememberGenerator(next);
    onChange(generateWith(next));
  };
  const close = () => {
    setOpen(false);
    generateButton.current?.focus(); // the focus was in the panel that is gone
  };

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <span className="row">
        <input id={id} type={visible ? 'text' : 'password'} required autoFocus={autoFocus} autoComplete="off" spellCheck={false} value={value} onChange={(e) => onChange(e.target.value)} />
        <button type="button" className="ghost" onClick={() => setVisible(!visible)} aria-pressed={visible} aria-label="Show the value">
          {visible ? 'Hide' : 'Show'}
        </button>
        <button ref={generateButton} type="button" className="ghost" onClick={() => void generate()} aria-expanded={open} aria-controls={open ? panelId : undefined} aria-label="Generate a random secret">
          Generate
        </button>
      </span>
      {open && options && <GeneratorPanel id={panelId} options={options} onChange={choose} onAgain={() => onChange(generateWith(options))} onDone={close} />}
    </div>
  );
}
