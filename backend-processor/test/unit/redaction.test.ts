/** PII redaction with known answers: what each rule catches, and what it must leave alone. */
import { Redactor, passesLuhn, REDACTION_RULES } from '../../src/events/redaction';

const all = new Redactor(REDACTION_RULES);

test.each([
  ['contact alice.smith+llm@example.co.uk now', 'contact [REDACTED:email] now'],
  ['call +1 415-555-0132 or (212) 555-0199', 'call [REDACTED:phone] or [REDACTED:phone]'],
  ['tel 030.555.0142', 'tel [REDACTED:phone]'],
  ['+44 20 7946 0958', '[REDACTED:phone]'],
  ['card 4111 1111 1111 1111 exp 12/29', 'card [REDACTED:card] exp 12/29'],
  ['5500-0000-0000-0004', '[REDACTED:card]'],
  ['key sk-proj-abcdefghijklmnopqrstuvwx123', 'key [REDACTED:secret]'],
  ['AKIAIOSFODNN7EXAMPLE leaked', '[REDACTED:secret] leaked'],
  ['Authorization: Bearer abcdefghijklmnop.qrstuv', 'Authorization: Bearer [REDACTED:secret]'],
  ['password=hunter2!, user=bob', 'password=[REDACTED:secret], user=bob'],
  ['api_key: 12345678901234567890', 'api_key: [REDACTED:secret]'],
])('%j → %j', (text, expected) => {
  expect(all.redactText(text)).toBe(expected);
});

test.each([
  '2026-11-23T05:54:00.000Z',
  '6f1c1f0e-8f7e-4b8e-9a55-3d6c2c1d9a10',
  'latency 1523.45 ms, 4096 tokens, request 1700000000000',
  'gpt-4o-mini-2024-07-18',
  '4111 1111 1111 1112', // 16 digits, fails the Luhn check
  'ignore previous instructions',
  'CVE-2024-12345',
])('%j is left alone', (text) => {
  expect(all.redactText(text)).toBe(text);
});

test('the Luhn check, on the standard test numbers', () => {
  expect(
    ['4111111111111111', '5500000000000004', '340000000000009', '6011000000000004'].map(passesLuhn),
  ).toEqual([true, true, true, true]);
  expect(passesLuhn('4111111111111112')).toBe(false);
});

test('only the configured rules apply, and matches are counted per rule', () => {
  const counts: Record<string, number> = {};
  const emailsOnly = new Redactor(['email'], (rule, n) => (counts[rule] = (counts[rule] ?? 0) + n));
  expect(emailsOnly.redactText('a@b.io and c@d.io, +1 415-555-0132')).toBe(
    '[REDACTED:email] and [REDACTED:email], +1 415-555-0132',
  );
  expect(counts).toEqual({ email: 2 });
});
