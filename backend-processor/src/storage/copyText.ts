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

/** NULL in COPY text. */
const COPY_NULL = '\\N';

/** Text, escaped. */
export function copyText(value: string | null): string {
  if (value === null) return COPY_NULL;
  return SPECIAL.test(value) ? value.replace(SPECIALS, (c) => ESCAPES[c]!) : value;
}

/** A value as JSON text: JSON.stringify escapes every control character, so only backslashes are left to double. */
export function copyJson(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes('\\') ? json.replaceAll('\\', '\\\\') : json;
}

/** A number as JavaScript writes it (which PostgreSQL reads back exactly for float8 and int8). */
export function copyNumber(value: number | null): string {
  return value === null ? COPY_NULL : String(value);
}

/** t or f. */
export function copyBoolean(value: boolean | null): string {
  return value === null ? COPY_NULL : value ? 't' : 'f';
}

/** The rows of COPY text written with the functions above, each as its fields' text (null for `\N`). */
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
