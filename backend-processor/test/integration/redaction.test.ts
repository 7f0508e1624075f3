/** PII in events' free text is redacted at ingest, before anything is stored (HUB_REDACT, all rules by default). */
import { latencyEvent, postJson, useDatabaseProcessor } from '../support/processor';

const fixture = useDatabaseProcessor('redaction', { HUB_ANOMALY_DETECTION: 'off' });

test('PII in an event’s free text is redacted before it is stored, and counted', async () => {
  const event = {
    common: { ...latencyEvent('pii-1').common, event_type: 'security', source_module: 'llm-sentinel' },
    payload: {
      type: 'threat',
      threat_id: 'thr-pii',
      threat_type: 'data_exfiltration',
      threat_level: 'high',
      source_ip: '203.0.113.7',
      target_resource: 'chat-api',
      attack_vector: 'prompt asked to mail jane.doe@example.com the card 4111 1111 1111 1111',
      mitigation_status: 'blocked',
      indicators_of_compromise: ['api_key=sk-live-0123456789abcdefghijkl', 'call +1 415-555-0132'],
    },
  };
  expect((await postJson(`${fixture.hub.url}/api/v1/events`, [event])).status).toBe(200);
  const { rows } = await fixture.db.query("SELECT attributes FROM events WHERE event_id = 'pii-1'");
  expect(rows[0].attributes).toMatchObject({
    attack_vector: 'prompt asked to mail [REDACTED:email] the card [REDACTED:card]',
    indicators_of_compromise: ['api_key=[REDACTED:secret]', 'call [REDACTED:phone]'],
    source_ip: '203.0.113.7',
  });
  const metrics = await (await fetch(`${fixture.hub.url}/metrics`)).text();
  expect(metrics).toMatch(/llm_redactions_total\{rule="email"\} 1\n/);
  expect(metrics).toMatch(/llm_redactions_total\{rule="secret"\} 1\n/);
});
