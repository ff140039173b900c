/**
 * The generator's options under a value field (SecretField): a format preset, the length (slider and
 * number), the character set, a prefix, and how many bits of randomness that gives. Each change is
 * handed up at once; typed fields hand up only what the generator accepts, and say why otherwise.
 */
import { useState } from 'react';
import {
  CHARSET_NAMES,
  entropyBits,
  GENERATOR_MAX_LENGTH,
  GENERATOR_MIN_LENGTH,
  GENERATOR_PRESETS,
  isGeneratorPrefix,
  matchingPreset,
  STRONG_SECRET_BITS,
  type Charset,
  type GeneratorOptions,
} from '../../../shared/index.js';

const CHARSET_LABELS: Record<Charset, string> = {
  alphanumeric: 'Letters, digits',
  symbols: 'Letters, digits, symbols',
  hex: 'Hex',
  base64url: 'Base64url',
};

const clampLength = (n: number) => Math.min(GENERATOR_MAX_LENGTH, Math.max(GENERATOR_MIN_LENGTH, Math.round(n)));

interface Props {
  id: string;
  options: GeneratorOptions;
  onChange: (options: GeneratorOptions) => void;
  onAgain: () => void;
  onDone: () => void;
}

export function GeneratorPanel({ id, options, onChange, onAgain, onDone }: Props) {
  // What the person is typing, which may not be a valid option yet (a length of "1" on the way to "100").
  const [lengthText, setLengthText] = useState(String(options.length));
  const [prefixText, setPrefixText] = useState(options.prefix);
  const apply = (next: GeneratorOptions) => {
    setLengthText(String(next.length));
    setPrefixText(next.prefix);
    onChange(next);
  };
  const typeLength = (text: string) => {
    setLengthText(text);
    const n = Number(text);
    if (Number.isInteger(n) && n >= GENERATOR_MIN_LENGTH && n <= GENERATOR_MAX_LENGTH) onChange({ ...options, length: n });
  };
  // Out of bounds or empty, the length snaps to the nearest it can be; only a change makes a new value.
  const leaveLength = () => {
    const n = clampLength(Number(lengthText) || options.length);
    if (n === options.length) setLengthText(String(n));
    else apply({ ...options, length: n });
  };
  const typePrefix = (text: string) => {
    setPrefixText(text);
    if (isGeneratorPrefix(text)) onChange({ ...options, prefix: text });
  };
  const prefixWrong = !isGeneratorPrefix(prefixText);
  const preset = matchingPreset(options);
  const bits = Math.floor(entropyBits(options));

  return (
    <fieldset id={id} className="generator panel">
      <legend>Generator</legend>
      <label>
        Format
        <select value={preset?.id ?? 'custom'} onChange={(e) => { const p = GENERATOR_PRESETS.find((x) => x.id === e.target.value); if (p) apply(p.options); }}>
          {GENERATOR_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
          <option value="custom" disabled>
            Custom
          </option>
        </select>
      </label>
      <div className="field">
        <label htmlFor={`${id}-length`}>Length</label>
        <span className="row length">
          <input type="range" aria-label="Length" min={GENERATOR_MIN_LENGTH} max={GENERATOR_MAX_LENGTH} value={options.length} aria-describedby={`${id}-bits`} onChange={(e) => apply({ ...options, length: Number(e.target.value) })} />
          <input id={`${id}-length`} type="number" inputMode="numeric" min={GENERATOR_MIN_LENGTH} max={GENERATOR_MAX_LENGTH} value={lengthText} aria-describedby={`${id}-bits`} onChange={(e) => typeLength(e.target.value)} onBlur={() => leaveLength()} />
        </span>
      </div>
      <fieldset className="charsets">
        <legend>Characters</legend>
        {CHARSET_NAMES.map((c) => (
          <label key={c} className={`mode${options.charset === c ? ' active' : ''}`}>
            <input type="radio" name={`${id}-charset`} value={c} checked={options.charset === c} onChange={() => apply({ ...options, charset: c })} />
            {CHARSET_LABELS[c]}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-prefix`}>Prefix</label>
        <input id={`${id}-prefix`} value={prefixText} placeholder="e.g. whsec_ or sk_live_" autoComplete="off" spellCheck={false} aria-invalid={prefixWrong} aria-describedby={prefixWrong ? `${id}-prefix-error` : `${id}-prefix-note`} onChange={(e) => typePrefix(e.target.value)} />
        {prefixWrong ? (
          <p id={`${id}-prefix-error`} className="error small">Letters, digits, _ and - only, at most 32.</p>
        ) : (
          <p id={`${id}-prefix-note`} className="muted small">Kept as typed; not counted in the length.</p>
        )}
      </div>
      <p id={`${id}-bits`} className={bits < STRONG_SECRET_BITS ? 'warning small' : 'muted small'}>
        {bits} bits of randomness{bits < STRONG_SECRET_BITS ? `: under ${STRONG_SECRET_BITS}, too few for a signing or encryption key.` : ' (the prefix adds none).'}
      </p>
      <div className="row">
        <button type="button" className="ghost" onClick={onAgain}>
          Generate again
        </button>
        <button type="button" className="ghost" onClick={onDone}>
          Done
        </button>
      </div>
    </fieldset>
  );
}
