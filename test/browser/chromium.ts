import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); never a browser downloaded by Playwright. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * BROWSER_TESTS=unavailable is the one explicit way to run without a browser (a machine where
 * Chromium truly cannot be installed). Without it a missing Chromium fails the browser tests.
 */
export const BROWSERS_DECLARED_UNAVAILABLE = process.env.BROWSER_TESTS === 'unavailable';

/**
 * `describe` for browser suites: when browsers are declared unavailable it skips them, with a
 * warning nobody can miss in the test output; otherwise it runs them (and they fail loudly,
 * via launchChromium, if Chromium is missing).
 */
export function describeInBrowser(name: string, fn: () => void): void {
  if (BROWSERS_DECLARED_UNAVAILABLE) {
    console.warn(
      `\n${'!'.repeat(78)}\n!! BROWSER TESTS SKIPPED: BROWSER_TESTS=unavailable. "${name}" did NOT run.\n` +
        `!! The journey in a real browser, its accessibility checks and screenshots are UNTESTED.\n${'!'.repeat(78)}\n`,
    );
    describe.skip(name, fn);
    return;
  }
  describe(name, fn);
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. The browser tests need Debian's Chromium:\n` +
        `  apt-get install -y chromium fonts-dejavu-core     (.ci/run does this)\n` +
        `  or point CHROMIUM_PATH at a Chromium binary.\n` +
        `Only where a browser truly cannot be installed: BROWSER_TESTS=unavailable skips them (with a warning).`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Containers (CI, docker) run as root without user namespaces: Chromium's sandbox cannot start.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}
