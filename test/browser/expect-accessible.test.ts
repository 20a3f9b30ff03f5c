import type { Browser } from 'playwright-core';
import { describeInBrowser, launchChromium } from './chromium.js';
import { expectAccessible } from './expect-accessible.js';

// Proves the journey's accessibility gate can fail: a page with known serious violations.
describeInBrowser('expectAccessible (axe-core in Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  test('fails on serious or critical violations, naming the rule and the step', async () => {
    const page = await browser.newPage();
    await page.setContent(
      '<!DOCTYPE html><html><head><title>x</title></head><body><main><button></button>' +
        '<p style="color:#aaa;background:#fff">faint</p></main></body></html>',
    );
    const failure = await expectAccessible(page, 'bad-page').then(
      () => undefined,
      (e: Error) => e.message,
    );
    expect(failure).toMatch(/step "bad-page"/);
    expect(failure).toMatch(/\[critical\] button-name/);
    expect(failure).toMatch(/\[serious\] (html-has-lang|color-contrast)/);
    await page.close();
  }, 60_000);

  test('passes a plain accessible page', async () => {
    const page = await browser.newPage();
    await page.setContent(
      '<!DOCTYPE html><html lang="en"><head><title>ok</title></head><body><main><h1>Hello</h1>' +
        '<button type="button">Continue</button></main></body></html>',
    );
    await expectAccessible(page, 'good-page');
    await page.close();
  }, 60_000);
});
