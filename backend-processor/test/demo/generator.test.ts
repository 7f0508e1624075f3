import { createDemoGenerator } from '../../src/demo/generator';
import type { Incident } from '../../src/demo/incidents';
import type { WireEvent } from '../../src/demo/wire';
import { HOUR, MINUTE, T0, calls, hubEvents, median, sum, unwrap, type Call } from './helpers';

function generate(options: {
  seed?: string;
  hours: number;
  rate?: number;
  tenants?: string[];
  incidents?: Incident[];
}) {
  const gen = createDemoGenerator({
    seed: options.seed ?? 'test',
    startTime: T0,
    rate: options.rate ?? 10,
    tenants: options.tenants,
    incidents: options.incidents,
  });
  return gen.next(T0 + options.hours * HOUR);
}

const inWindow = (c: Call, i: Incident) => c.start >= i.start && c.start < i.start + i.durationMs;

describe('determinism', () => {
  it('reproduces the same events, ids included, from the same seed', () => {
    const a = generate({ seed: 'same', hours: 0.5 });
    const b = generate({ seed: 'same', hours: 0.5 });
    expect(a.length).toBeGreaterThan(10_000);
    expect(b).toEqual(a);
  });

  it('produces different traffic from another seed', () => {
    const a = generate({ seed: 'one', hours: 0.2 });
    const b = generate({ seed: 'two', hours: 0.2 });
    expect(JSON.stringify(b)).not.toEqual(JSON.stringify(a));
  });

  it('does not depend on how often next() is called', () => {
    const incidents: Incident[] = [{ kind: 'threat-chain', start: T0 + 5 * MINUTE, durationMs: 5 * MINUTE }];
    const once = createDemoGenerator({ seed: 's', startTime: T0, incidents }).next(T0 + 15 * MINUTE);
    const stepped = createDemoGenerator({ seed: 's', startTime: T0, incidents });
    const pieces: WireEvent[] = [];
    for (let t = T0 + 777; t < T0 + 15 * MINUTE; t += 777) pieces.push(...stepped.next(t));
    pieces.push(...stepped.next(T0 + 15 * MINUTE));
    expect(pieces).toEqual(once);
  });

  it('returns events oldest first, with unique event ids and request ids', () => {
    const events = generate({ hours: 0.5 });
    for (let i = 1; i < events.length; i++) {
      expect(events[i]!.time).toBeGreaterThanOrEqual(events[i - 1]!.time);
    }
    const ids = hubEvents(events).map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    const requestIds = events.flatMap((e) => (e.channel === 'llm-request' ? [e.body.request_id] : []));
    expect(new Set(requestIds).size).toBe(requestIds.length);
  });

  it('sends each response after its request', () => {
    const events = generate({ hours: 0.25 });
    const seen = new Set<string>();
    for (const e of events) {
      if (e.channel === 'llm-request') seen.add(e.body.request_id);
      // A response may only be missing its request when the request preceded the range: never here.
      if (e.channel === 'llm-response') expect(seen.has(e.body.request_id)).toBe(true);
    }
  });
});

describe('load', () => {
  it('averages the configured rate of wire events over a day', () => {
    const events = generate({ hours: 24, rate: 2 });
    expect(events.length / 86_400).toBeGreaterThan(2 * 0.85);
    expect(events.length / 86_400).toBeLessThan(2 * 1.15);
  });

  it('follows a daily curve: many more calls at the tenant peak (18:00 UTC for acme) than at the trough', () => {
    const perHour = new Array<number>(24).fill(0);
    for (const c of calls(generate({ hours: 24, rate: 2, tenants: ['acme'] }))) {
      const h = Math.floor((c.start - T0) / HOUR);
      if (h >= 0 && h < 24) perHour[h]!++;
    }
    const peak = perHour[17]! + perHour[18]!;
    const trough = perHour[5]! + perHour[6]!;
    expect(peak / trough).toBeGreaterThan(2.5);
    const busiest = perHour.indexOf(Math.max(...perHour));
    expect(busiest).toBeGreaterThanOrEqual(15);
    expect(busiest).toBeLessThanOrEqual(21);
  });

  it('uses every model, route and tenant, with realistic latencies per model', () => {
    const all = calls(generate({ hours: 1 }));
    expect(new Set(all.map((c) => c.tenant))).toEqual(new Set(['acme', 'globex', 'initech']));
    expect(new Set(all.map((c) => c.route))).toEqual(new Set(['chat', 'summarize', 'search', 'agent']));
    expect(new Set(all.map((c) => c.model))).toEqual(
      new Set([
        'gpt-4o',
        'gpt-4o-mini',
        'claude-sonnet-4',
        'claude-3-5-haiku',
        'gemini-2.0-flash',
        'llama-3.1-70b',
      ]),
    );
    const chat = (model: string) =>
      median(all.filter((c) => c.model === model && c.route === 'chat' && !c.error).map((c) => c.latencyMs));
    expect(chat('gemini-2.0-flash')).toBeLessThan(chat('gpt-4o'));
    expect(chat('gpt-4o')).toBeLessThan(chat('claude-sonnet-4'));
    const errorRate = all.filter((c) => c.error).length / all.length;
    expect(errorRate).toBeGreaterThan(0.002);
    expect(errorRate).toBeLessThan(0.03);
  });
});

describe('incidents', () => {
  const hours = 1;

  it('latency-spike multiplies one model’s latency by 5–10 inside its window only', () => {
    const spike: Incident = {
      kind: 'latency-spike',
      model: 'gpt-4o',
      start: T0 + 20 * MINUTE,
      durationMs: 10 * MINUTE,
    };
    const all = calls(generate({ hours, incidents: [spike] })).filter((c) => !c.error);
    const gpt = all.filter((c) => c.model === 'gpt-4o');
    const inside = median(gpt.filter((c) => inWindow(c, spike)).map((c) => c.latencyMs));
    const outside = median(gpt.filter((c) => !inWindow(c, spike)).map((c) => c.latencyMs));
    expect(inside / outside).toBeGreaterThan(4);
    expect(inside / outside).toBeLessThan(12);
    const other = all.filter((c) => c.model === 'gpt-4o-mini');
    const otherRatio =
      median(other.filter((c) => inWindow(c, spike)).map((c) => c.latencyMs)) /
      median(other.filter((c) => !inWindow(c, spike)).map((c) => c.latencyMs));
    expect(otherRatio).toBeGreaterThan(0.7);
    expect(otherRatio).toBeLessThan(1.4);
  });

  it('cost-surge multiplies one tenant’s token volume by ~8 inside its window and trips its budget', () => {
    const surge: Incident = {
      kind: 'cost-surge',
      tenant: 'globex',
      start: T0 + 20 * MINUTE,
      durationMs: 10 * MINUTE,
    };
    const events = generate({ hours, incidents: [surge] });
    const all = calls(events);
    const tokensPerMinute = (tenant: string, inside: boolean) => {
      const cs = all.filter((c) => c.tenant === tenant && c.tokens !== null && inWindow(c, surge) === inside);
      const minutes = inside ? surge.durationMs / MINUTE : hours * 60 - surge.durationMs / MINUTE;
      return sum(cs.map((c) => c.tokens ?? 0)) / minutes;
    };
    const ratio = tokensPerMinute('globex', true) / tokensPerMinute('globex', false);
    expect(ratio).toBeGreaterThan(5);
    expect(ratio).toBeLessThan(12);
    const acme = tokensPerMinute('acme', true) / tokensPerMinute('acme', false);
    expect(acme).toBeGreaterThan(0.6);
    expect(acme).toBeLessThan(1.6);

    // Other tenants may see a peak-hour warning; globex's budget runs through every level in the window.
    const alerts = hubEvents(events, 'budget_alert').filter((a) => a.tenant === 'globex');
    for (const a of alerts) {
      expect(a.time).toBeGreaterThanOrEqual(surge.start);
      expect(a.time).toBeLessThan(surge.start + surge.durationMs + MINUTE);
    }
    expect(alerts.map((a) => unwrap(a).data.alert_type)).toEqual(['warning', 'critical', 'exceeded']);
    // CostOps reacts to the exceeded budget: an audit entry whose parent is the alert.
    const exceeded = alerts[2]!;
    const reaction = hubEvents(events, 'audit_trail').filter(
      (a) => unwrap(a).common.parent_event_id === exceeded.eventId,
    );
    expect(reaction).toHaveLength(1);
    expect(unwrap(reaction[0]!).common.correlation_id).toBe(unwrap(exceeded).common.correlation_id);
  });

  it('raises a few budget alerts at most, never an exceeded budget, in normal traffic at the peak', () => {
    // 12:00-14:00 UTC is globex's peak hour and the busiest time overall.
    const events = createDemoGenerator({ seed: 'busy', startTime: T0 + 12 * HOUR, rate: 20 }).next(
      T0 + 14 * HOUR,
    );
    const types = hubEvents(events, 'budget_alert').map((a) => unwrap(a).data.alert_type);
    expect(types.length).toBeLessThanOrEqual(10);
    expect(types).not.toContain('exceeded');
  });

  it('error-burst raises one route’s error rate to ~40% inside its window only', () => {
    const burst: Incident = {
      kind: 'error-burst',
      route: 'search',
      start: T0 + 20 * MINUTE,
      durationMs: 10 * MINUTE,
    };
    const all = calls(generate({ hours, incidents: [burst] }));
    const rate = (cs: Call[]) => cs.filter((c) => c.error).length / cs.length;
    const search = all.filter((c) => c.route === 'search');
    expect(rate(search.filter((c) => inWindow(c, burst)))).toBeGreaterThan(0.3);
    expect(rate(search.filter((c) => inWindow(c, burst)))).toBeLessThan(0.5);
    expect(rate(search.filter((c) => !inWindow(c, burst)))).toBeLessThan(0.05);
    expect(rate(all.filter((c) => c.route === 'chat' && inWindow(c, burst)))).toBeLessThan(0.05);
  });

  it('threat-chain sends prompt injections followed within seconds by linked policy violations', () => {
    const chain: Incident = {
      kind: 'threat-chain',
      tenant: 'initech',
      start: T0 + 20 * MINUTE,
      durationMs: 5 * MINUTE,
    };
    const events = generate({ hours, incidents: [chain] });
    const attacks = hubEvents(events, 'threat').filter((e) =>
      String(unwrap(e).data.source_ip).startsWith('203.0.113.'),
    );
    expect(attacks.length).toBeGreaterThanOrEqual(10); // one per 15 s on average over 5 minutes
    const violations = hubEvents(events, 'policy_violation');
    const audits = hubEvents(events, 'audit_trail');
    for (const threat of attacks) {
      const { common, data } = unwrap(threat);
      expect(threat.tenant).toBe('initech');
      expect(threat.time).toBeGreaterThanOrEqual(chain.start);
      expect(threat.time).toBeLessThan(chain.start + chain.durationMs);
      expect(data.threat_type).toBe('prompt_injection');
      expect(['high', 'critical']).toContain(data.threat_level);
      expect(common.correlation_id).toMatch(/^[0-9a-f-]{36}$/);

      const children = violations.filter((v) => unwrap(v).common.parent_event_id === threat.eventId);
      expect(children.length).toBeGreaterThanOrEqual(1);
      expect(children.length).toBeLessThanOrEqual(3);
      for (const v of children) {
        expect(unwrap(v).common.correlation_id).toBe(common.correlation_id);
        expect(v.time - threat.time).toBeGreaterThan(0);
        expect(v.time - threat.time).toBeLessThan(5000);
      }
      const audit = audits.filter((a) => unwrap(a).common.correlation_id === common.correlation_id);
      expect(audit).toHaveLength(1);
      expect(children.map((v) => v.eventId)).toContain(unwrap(audit[0]!).common.parent_event_id);
      expect(unwrap(audit[0]!).data.actor).toBe('system:llm-sentinel');
    }
  });

  it('leaves traffic before an incident untouched', () => {
    const incidents: Incident[] = [
      { kind: 'latency-spike', model: 'gpt-4o', start: T0 + 40 * MINUTE, durationMs: 5 * MINUTE },
      { kind: 'error-burst', route: 'chat', start: T0 + 40 * MINUTE, durationMs: 5 * MINUTE },
    ];
    // Same seed and same arrival sources: the first 40 minutes are identical with or without them.
    const cut = (events: WireEvent[]) => events.filter((e) => e.time < T0 + 30 * MINUTE);
    expect(cut(generate({ hours: 0.75, incidents }))).toEqual(cut(generate({ hours: 0.75 })));
  });
});
