/** A text or number input that commits on blur or Enter, so a query does not run at each keystroke. */
import { Input } from '@grafana/ui';
import { useEffect, useState } from 'react';

interface Props {
  id: string;
  value: string | number | undefined;
  placeholder?: string;
  width?: number;
  type?: 'text' | 'number';
  onCommit(value: string): void;
}

export function CommittedInput({ id, value, placeholder, width = 28, type = 'text', onCommit }: Props) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => setText(value === undefined ? '' : String(value)), [value]);
  const commit = () => {
    if (text !== (value === undefined ? '' : String(value))) onCommit(text);
  };
  return (
    <Input
      id={id}
      type={type}
      width={width}
      value={text}
      placeholder={placeholder}
      onChange={(event) => setText(event.currentTarget.value)}
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
