/** In a test: the demo processor the global setup started, and a datasource instance pointed at it. */
import { join } from 'node:path';
import type { DemoProcessorInfo } from './demoProcessor';
import type { DataSourceInstance } from './dataSourceProxy';

export function demoProcessor(): DemoProcessorInfo {
  const info = process.env.HUB_PLUGIN_TEST_PROCESSOR;
  if (!info) {
    throw new Error('No demo processor: the plugin jest config must use plugin-testing/globalSetup.ts');
  }
  return JSON.parse(info) as DemoProcessorInfo;
}

/** The hub datasource as Grafana would hold it: the processor's URL, the read key, optional settings. */
export function hubDataSourceInstance(
  jsonData: Record<string, unknown> = {},
  secureJsonData: Record<string, string> = { apiKey: demoProcessor().readKey },
): DataSourceInstance {
  return {
    uid: 'llm-hub',
    jsonData: { url: demoProcessor().url, ...jsonData },
    secureJsonData,
    pluginJsonPath: join(__dirname, '..', 'datasource-plugin', 'src', 'plugin.json'),
  };
}
