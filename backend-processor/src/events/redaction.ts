/**
 * PII redaction at ingest: free text in an event's attributes (descriptions, indicators, messages
 * the emitters attach) is scanned for e-mail addresses, phone numbers, card numbers and secrets,
 * and each match is replaced by `[REDACTED:<rule>]` before anything is stored. The dimensions
 * (tenant, model, route, tags) are identifiers, not free text, and are left as they are.
 */
import type { HubEvent } from './model';

export const REDACTION_RULES = ['email', 'phone', 'card', 'secret'] as const;
export type RedactionRule = (typeof REDACTION_RULES)[number];

const PATTERNS: Record<RedactionRule, RegExp> = {
  email: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g,
  // With a country code, a parenthesized area code, or dashes/dots/spaces between groups: a bare
  // run of digits (an id, a latency) is not a phone number.
  phone:
    /(?<![\w+])(?:\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]?\d{2,4}){2,4}|\(\d{3}\)\s?\d{3}[\s.-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4})(?!\w)/g,
  // 13 to 19 digits, optionally in groups; only those that pass the Luhn check are card numbers.
  card: /(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)/g,
  secret: new RegExp(
    [
      'sk-[A-Za-z0-9_-]{20,}', // OpenAI and similar
      'AKIA[0-9A-Z]{16}', // AWS access key id
      'gh[pousr]_[A-Za-z0-9]{30,}', // GitHub tokens
      'xox[abprs]-[A-Za-z0-9-]{10,}', // Slack tokens
      'eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}', // JWT
      '(?<=\\b(?:[Bb]earer)\\s+)[A-Za-z0-9._~+/=-]{16,}',
      '(?<=\\b(?:password|passwd|pwd|secret|api[_-]?key|token)\\s*[:=]\\s*)[^\\s,;"\']+',
    ].join('|'),
    'gi',
  ),
};

/** The Luhn checksum of a digit string (card numbers pass, most other long numbers do not). */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export class Redactor {
  /**
   * @param rules the rules applied (HUB_REDACT), in this order: secrets first, so that a token
   *   holding digits is redacted whole
   * @param onRedacted told how many matches each event had, per rule (for the metrics)
   */
  constructor(
    private readonly rules: readonly RedactionRule[],
    private readonly onRedacted: (rule: RedactionRule, count: number) => void = () => undefined,
  ) {}

  /** A text with every match of the rules replaced. */
  redactText(text: string): string {
    let result = text;
    for (const rule of ORDER) {
      if (!this.rules.includes(rule)) continue;
      let count = 0;
      result = result.replace(PATTERNS[rule], (match) => {
        if (rule === 'card' && !passesLuhn(match.replace(/[ -]/g, ''))) return match;
        count++;
        return `[REDACTED:${rule}]`;
      });
      if (count > 0) this.onRedacted(rule, count);
    }
    return result;
  }

  /** The event with its attributes' strings redacted (the same object when nothing matched). */
  redactEvent(event: HubEvent): HubEvent {
    if (this.rules.length === 0 || Object.keys(event.attributes).length === 0) return event;
    const attributes = this.redactValue(event.attributes) as Record<string, unknown>;
    return attributes === event.attributes ? event : { ...event, attributes };
  }

  private redactValue(value: unknown): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (Array.isArray(value)) {
      const items = value.map((item) => this.redactValue(item));
      return items.some((item, i) => item !== value[i]) ? items : value;
    }
    if (value !== null && typeof value === 'object') {
      let changed = false;
      const entries = Object.entries(value).map(([key, item]) => {
        const redacted = this.redactValue(item);
        changed ||= redacted !== item;
        return [key, redacted] as const;
      });
      return changed ? Object.fromEntries(entries) : value;
    }
    return value;
  }
}

const ORDER: readonly RedactionRule[] = ['secret', 'email', 'card', 'phone'];
