/**
 * Fields in PostgreSQL's COPY text format, for `Queryable.copyFrom`: one line per row, fields separated by
 * tabs, `\N` for NULL, and backslash, newline, carriage return and tab escaped with a backslash
 * (https://www.postgresql.org/docs/current/sql-copy.html, "Text Format"). Every other character,
 * UTF-8 included, stands for itself.
 */

const SPECIAL = /[\\\n\r\t]/;
const SPECIALS = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const ESCAPED = /\\(.)/g;
const UNESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t' };

/** One field: null as `\N`, booleans as t/f, numbers as JavaScript writes them, text escaped. */
export function copyField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  return SPECIAL.test(value) ? value.replace(SPECIALS, (c) => ESCAPES[c]!) : value;
}

/** The rows of COPY text written with `copyField`, each as its fields' text (null for `\N`). */
export function copyLines(text: string): Array<Array<string | null>> {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line) =>
    line
      .split('\t')
      .map((field) =>
        field === '\\N'
          ? null
          : field.includes('\\')
            ? field.replace(ESCAPED, (_, c: string) => UNESCAPES[c] ?? c)
            : field,
      ),
  );
}
