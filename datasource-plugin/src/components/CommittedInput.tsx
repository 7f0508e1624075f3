/** A text or number input that commits on blur or Enter, so a query does not run at each keystroke. */
import { Input } from '@grafana/ui';
import { useState } from 'react';

interface Props {
  id: string;
  value: string | number | undefined;
  placeholder?: string;
  width?: number;
  type?: 'text' | 'number';
  onCommit(value: string): void;
}

export function CommittedInput({ id, value, placeholder, width = 28, type = 'text', onCommit }: Props) {
  const shown = value === undefined ? '' : String(value);
  // What is being typed; null while the input shows the query's value.
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft !== null && draft !== shown) onCommit(draft);
    setDraft(null);
  };
  return (
    <Input
      id={id}
      type={type}
      width={width}
      value={draft ?? shown}
      placeholder={placeholder}
      onChange={(event) => setDraft(event.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(event) => event.key === 'Enter' && commit()}
    />
  );
}

/** A positive whole number typed into a CommittedInput, or undefined for empty or invalid text. */
export function positiveInteger(text: string): number | undefined {
  const value = Number(text);
  return text.trim() !== '' && Number.isInteger(value) && value > 0 ? value : undefined;
}
