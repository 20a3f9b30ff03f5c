import type { Page } from 'playwright-core';
import type { JourneyContext, JourneyStep } from '../journey.js';

/** Memo keys the registration steps fill in for later steps. */
export const ORDER_CODE = 'order-code';
export const ACTIVATION_SECRET = 'activation-secret';
/** The name on the passport, as the sandbox payment's card name (`ctx.memo`). */
export const CARDHOLDER_NAME = 'cardholder-name';

// The sandbox reader opens in this tab or (a link/form with a target) in a new one: the steps
// after it need to know which.
const readers = new WeakMap<JourneyContext, Page>();

/** The provider login page's "register with passport" entry → the registration entry page. */
export const chooseRegister: JourneyStep = {
  name: 'register-entry',
  async act({ page }) {
    await page.locator('#register-with-passport').click();
    await page.waitForURL(/\/register\?/);
    await page.locator('#register-start').waitFor();
  },
};

/** "Registrer ny bruker" → what you need (passport with chip, identity number, card, app). */
export const startRegistration: JourneyStep = {
  name: 'register-what-you-need',
  async act({ page }) {
    await page.locator('#register-start').click();
    await page.waitForURL(/\/register\/start/);
    await page.locator('#start-registration').waitFor();
  },
};

/** "Start" → step 1 of 4: the identity number, typed in. */
export const enterIdentityNumber: JourneyStep = {
  name: 'register-identity-number',
  async act({ page, pid }) {
    await page.locator('#start-registration').click();
    await page.waitForURL(/\/register\/identity/);
    await page.locator('#pid').fill(pid);
  },
};

/** Submit the number → step 2 of 4: read the passport (QR code for the app, order code). */
export const readPassportPage: JourneyStep = {
  name: 'register-read-passport',
  async act({ page, memo }) {
    await page.locator('#pid-submit').click();
    await page.waitForURL(/\/register\/order$/);
    await page.locator('#reader-qr svg').waitFor();
    const code = (await page.locator('#order-code').textContent())?.trim();
    expect(code).toMatch(/\S{4,}/);
    memo.set(ORDER_CODE, code!);
  },
};

/**
 * The sandbox reader for this order (it plays the reader app). `#sandbox-reader-link` may be a
 * link or a form's button, opening the reader here or in a new tab: whichever happens is followed.
 * The passport's person is the journey's (`ctx.pid`).
 */
export const openSandboxReader: JourneyStep = {
  name: 'sandbox-reader',
  async act(ctx) {
    const { page, pid } = ctx;
    const popup = page.waitForEvent('popup', { timeout: 15_000 }).then(
      (p) => p,
      () => undefined,
    );
    const here = page.waitForURL(/\/sandbox\/reader/, { timeout: 15_000 }).then(
      () => page,
      () => undefined,
    );
    await page.locator('#sandbox-reader-link').click();
    const reader = await Promise.any([popup, here].map((p) => p.then((r) => r ?? Promise.reject())));
    readers.set(ctx, reader);
    await reader.waitForURL(/\/sandbox\/reader/);
    await reader.locator('#sandbox-read').waitFor();
    // The reader reaches the order this browser started: its token or its order code is filled
    // in (when the page shows them at all: it may also keep the token to itself).
    const values = await reader
      .locator('#token, #code')
      .evaluateAll((fields) => fields.map((f) => (f as unknown as { value: string }).value));
    if (values.length) expect(values.some(Boolean)).toBe(true);
    await reader.locator('#person .radio', { hasText: pid }).locator('input[type="radio"]').check();
    return reader;
  },
};

/** "Les passet": the sandbox chip is read and uploaded; the register matches the person. */
export const readChipInSandboxReader: JourneyStep = {
  name: 'sandbox-reader-chip-read',
  async act(ctx) {
    const reader = readers.get(ctx)!;
    await reader.locator('#sandbox-read').click();
    await reader.locator('#reader-outcome').waitFor();
    expect(await reader.locator('#reader-outcome').getAttribute('data-code')).toBe('ok');
    expect(await reader.locator('#reader-outcome').getAttribute('data-state')).toBe('registry_matched');
    return reader;
  },
};

/** Back at the order (step 3 of 4): the register matched; pay with a card in one's own name. */
export const backToOrderPayment: JourneyStep = {
  name: 'register-payment',
  async act(ctx) {
    const { page } = ctx;
    const reader = readers.get(ctx)!;
    if (reader === page) {
      await page.locator('#back-to-order').click();
    } else {
      // The order page stayed open in the first tab: it follows the order by itself (polling).
      await reader.close();
      await page.bringToFront();
    }
    await page.waitForURL(/\/register\/order$/);
    await page.locator('#pay').waitFor({ timeout: 20_000 });
  },
};

/** "Betal" → the sandbox payment provider's page, the card name typed as on the passport. */
export const payOnSandboxPaymentPage: JourneyStep = {
  name: 'sandbox-payment',
  async act({ page, memo }) {
    await page.locator('#pay').click();
    await page.waitForURL(/\/sandbox\/pay\//);
    await page.locator('#cardholderName').fill(memo.get(CARDHOLDER_NAME)!);
  },
};

/** Approve the payment → step 4 of 4: the receipt with the activation code (shown once). */
export const receiptWithActivationCode: JourneyStep = {
  name: 'register-receipt',
  async act({ page, memo }) {
    await page.locator('#approve-payment').click();
    await page.waitForURL(/\/register\/order$/);
    // Issuance normally finishes before the return page; a "confirming" page polls until it does.
    await page.locator('#activation-secret').waitFor({ timeout: 20_000 });
    const secret = (await page.locator('#activation-secret').textContent())?.trim();
    expect(secret).toMatch(/\S{8,}/);
    memo.set(ACTIVATION_SECRET, secret!);
    await page.locator('#continue-login').waitFor();
  },
};
