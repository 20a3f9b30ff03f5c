import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { startDemoStack, type DemoStack } from './start-demo-stack.js';

/**
 * For a `describeInBrowser` block: starts Chromium and the demo stack (provider + demo service)
 * before its tests, stops both and every context opened through `phone()` after them.
 *
 * @example
 *   const env = chromiumWithDemoStack(120_000);
 *   test('…', async () => { const page = await (await env.phone()).newPage(); … env.stack … });
 */
export function chromiumWithDemoStack(startTimeoutMs: number): {
  readonly stack: DemoStack;
  /** A new browser context as a person sees it: a phone-sized screen and a Norwegian browser. */
  phone(): Promise<BrowserContext>;
} {
  let browser: Browser | undefined;
  let stack: DemoStack | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
    stack = await startDemoStack();
  }, startTimeoutMs);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await stack?.stop();
  });
  return {
    get stack() {
      if (!stack) throw new Error('the demo stack is not started yet (use it inside a test)');
      return stack;
    },
    async phone() {
      if (!browser) throw new Error('Chromium is not started yet (use it inside a test)');
      const context = await browser.newContext({ locale: 'nb-NO', viewport: { width: 480, height: 900 } });
      contexts.push(context);
      return context;
    },
  };
}
