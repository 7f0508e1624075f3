/**
 * Headless Chromium from Debian's package, driven by playwright-core (which never downloads a browser
 * of its own). Screenshots go to artifacts/screenshots/ at the repository's root.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.HUB_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(__dirname, '..', '..', 'artifacts', 'screenshots');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium; npm test does) or set HUB_CHROMIUM`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Opens a harness page and waits until it says it is ready; `errors` collects what went wrong in it:
 * uncaught errors, console errors and failed requests (but Grafana's web fonts, which the harness
 * does not serve: the browser falls back to system fonts).
 */
export async function openHarnessPage(
  browser: Browser,
  url: string,
  readyTimeoutMs = 15_000,
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      errors.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !new URL(response.url()).pathname.startsWith('/public/fonts/')) {
      errors.push(`${response.status()} ${response.url()}`);
    }
  });
  // An error before the page is ready (even while it loads) would otherwise show only as a timeout.
  const failed = page.waitForEvent('pageerror', { timeout: readyTimeoutMs }).then((error) => {
    throw new Error(`${url}: ${error.message}`);
  });
  failed.catch(() => undefined);
  await page.goto(url);
  await Promise.race([
    page.waitForSelector('body[data-harness-ready]', { state: 'attached', timeout: readyTimeoutMs }),
    failed,
  ]);
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export const THEMES = ['dark', 'light'] as const;
export type Theme = (typeof THEMES)[number];

/** Relative luminance of a CSS rgb() colour, 0 (black) to 1 (white). */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+/g) ?? []).map(Number);
  return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
}

/** Opens `url` with `&theme=`, and checks Grafana's theme took: a dark page is dark, a light one light. */
export async function openThemedPage(browser: Browser, url: string, theme: Theme, readyTimeoutMs?: number) {
  const opened = await openHarnessPage(browser, `${url}&theme=${theme}`, readyTimeoutMs);
  const background = await opened.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  if (luminance(background) < 0.3 !== (theme === 'dark')) {
    throw new Error(`${url}: the page background ${background} is not what Grafana's ${theme} theme paints`);
  }
  return opened;
}
