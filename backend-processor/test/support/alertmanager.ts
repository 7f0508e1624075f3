/**
 * Alertmanager in a test (Debian's package), routing every alert to a webhook receiver the test
 * runs: each notification is kept with the time it arrived.
 */
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { sleep, startDaemon, type Daemon } from './daemon';
import { requirePrometheusBinaries } from './prometheus';

/** One alert of a notification, as Alertmanager's webhook sends it. */
export interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
}

export interface Notification {
  receivedAt: number;
  status: 'firing' | 'resolved';
  alerts: WebhookAlert[];
}

export interface TestAlertmanager extends Daemon {
  /** host:port, for Prometheus' alerting configuration. */
  address: string;
  notifications: Notification[];
  /** Waits for a notification that holds an alert of `alertname` with `status`; returns it. */
  waitForAlert(alertname: string, status: WebhookAlert['status'], timeoutMs: number): Promise<Notification>;
}

/**
 * Starts Alertmanager with one route to the test's webhook: grouped by alert name, sent after 1 s
 * and again 1 s after any change (resolutions included), so that the test sees each state soon.
 */
export async function startAlertmanager(): Promise<TestAlertmanager> {
  await requirePrometheusBinaries();
  const notifications: Notification[] = [];
  const receiver = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const { status, alerts } = JSON.parse(body) as Omit<Notification, 'receivedAt'>;
      notifications.push({ receivedAt: Date.now(), status, alerts });
      response.end();
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  const webhook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts`;
  const config = {
    route: {
      receiver: 'test',
      group_by: ['alertname'],
      group_wait: '1s',
      group_interval: '1s',
      repeat_interval: '1h',
    },
    receivers: [{ name: 'test', webhook_configs: [{ url: webhook, send_resolved: true }] }],
  };
  let daemon: Daemon;
  try {
    daemon = await startDaemon({
      name: 'Alertmanager',
      command: 'prometheus-alertmanager',
      configure: (address, dir) => {
        writeFileSync(path.join(dir, 'alertmanager.yml'), JSON.stringify(config, null, 2));
        return [
          `--config.file=${path.join(dir, 'alertmanager.yml')}`,
          `--storage.path=${path.join(dir, 'data')}`,
          `--web.listen-address=${address}`,
          // A single instance: no gossip port to collide with others.
          '--cluster.listen-address=',
          '--log.level=warn',
        ];
      },
    });
  } catch (error) {
    receiver.close();
    throw error;
  }

  async function waitForAlert(alertname: string, status: WebhookAlert['status'], timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = notifications.find((n) =>
        n.alerts.some((alert) => alert.labels.alertname === alertname && alert.status === status),
      );
      if (found) return found;
      if (Date.now() >= deadline) {
        const seen = notifications.map(
          (n) => `${n.status}: ${n.alerts.map((a) => a.labels.alertname).join(', ')}`,
        );
        throw new Error(
          `no ${status} ${alertname} within ${timeoutMs} ms; notifications: ${JSON.stringify(seen)}`,
        );
      }
      await sleep(100);
    }
  }

  return {
    url: daemon.url,
    address: new URL(daemon.url).host,
    notifications,
    waitForAlert,
    async stop() {
      await daemon.stop();
      receiver.close();
    },
  };
}
