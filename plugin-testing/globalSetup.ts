/** jest global setup of the plugins: one demo processor for every test file (see demoProcessor.ts). */
import { startDemoProcessor, type DemoProcessor, type DemoProcessorInfo } from './demoProcessor';

declare global {
  // Shared with globalTeardown.ts: jest runs both in its main process.
  var hubDemoProcessor: DemoProcessor | undefined;
}

export const PROCESSOR_ENV = 'HUB_PLUGIN_TEST_PROCESSOR';

export default async function globalSetup(): Promise<void> {
  const demo = await startDemoProcessor((line) => process.stderr.write(`${line}\n`));
  globalThis.hubDemoProcessor = demo;
  const info: DemoProcessorInfo = { url: demo.url, readKey: demo.readKey, window: demo.window };
  // Test workers are started after this and inherit the environment.
  process.env[PROCESSOR_ENV] = JSON.stringify(info);
}
