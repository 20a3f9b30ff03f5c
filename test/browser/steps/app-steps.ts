import type { Page } from 'playwright-core';
import type { JourneyContext, JourneyStep } from '../journey.js';
import { ACTIVATION_SECRET } from './registration-steps.js';

/** Memo key: the verification code the login page shows now. */
export const VERIFICATION_CODE = 'verification-code';

// The sandbox phone keeps its device key in its tab's memory: the same tab for the whole journey.
const phones = new WeakMap<JourneyContext, Page>();

function phoneOf(ctx: JourneyContext): Page {
  const phone = phones.get(ctx);
  if (!phone) throw new Error('no sandbox phone tab yet: activateOnSandboxPhone comes first');
  return phone;
}

/**
 * A second tab: the sandbox phone (the authenticator app with a WebCrypto key) is set up with the
 * identity number and the activation code from the receipt.
 */
export const activateOnSandboxPhone: JourneyStep = {
  name: 'sandbox-phone-set-up',
  async act(ctx) {
    const { page, stack, pid, memo } = ctx;
    const phone = await page.context().newPage();
    phones.set(ctx, phone);
    await phone.goto(`${stack.provider.issuer}/sandbox/phone`);
    await phone.locator('#pid').fill(pid);
    await phone.locator('#activation-code').fill(memo.get(ACTIVATION_SECRET)!);
    await phone.locator('#enroll').click();
    await phone.locator('#device-id', { hasText: 'd_' }).waitFor();
    return phone;
  },
};

/** Back in the first tab: "Fortsett til innlogging" → the login page, identity number in the app form. */
export const continueToLogIn: JourneyStep = {
  name: 'provider-login-app',
  async act({ page, pid }) {
    await page.bringToFront();
    await page.locator('#continue-login').click();
    await page.waitForURL(/\/interaction\/[^/]+$/);
    await page.locator('#app-pid').fill(pid);
  },
};

/** On the login page (second login): the identity number in the app form. */
export const fillAppLogin: JourneyStep = {
  name: 'provider-login-app',
  async act({ page, pid }) {
    await page.locator('#app-pid').fill(pid);
  },
};

/**
 * "Logg inn med appen" → the waiting page with its verification code; `step` is the activation
 * step it must show ("1 av 2"), none for a login with an activated app.
 */
export function waitingForApp(name: string, step?: string): JourneyStep {
  return {
    name,
    async act({ page, memo }) {
      await page.locator('#app-submit').click();
      await page.locator('#verification-code').waitFor();
      if (step) expect(await page.locator('#step').textContent()).toContain(step);
      else expect(await page.locator('#steps').count()).toBe(0);
      memo.set(VERIFICATION_CODE, (await page.locator('#verification-code').textContent())!.trim());
    },
  };
}

/**
 * The phone tab shows the request: a login with the code the login page shows (the person
 * compares); enabling the eID without a code, so the person types the login page's code into it.
 */
export function phoneShowsRequest(name: string): JourneyStep {
  return {
    name,
    async act(ctx) {
      const phone = phoneOf(ctx);
      const code = ctx.memo.get(VERIFICATION_CODE)!;
      const typed = phone.locator('#typed-code');
      await typed
        .or(phone.locator('#request-code', { hasText: code }))
        .filter({ visible: true })
        .waitFor({ timeout: 20_000 });
      await phone.locator('#request').waitFor({ state: 'visible' });
      if (await typed.isVisible()) await typed.fill(code);
      expect((await phone.locator('#rp-name').textContent())?.trim()).toBeTruthy();
      return phone;
    },
  };
}

/** "Godkjenn" on the phone (use with `after`: the login page goes on by itself, it polls). */
export async function approveOnPhone(ctx: JourneyContext): Promise<void> {
  const phone = phoneOf(ctx);
  await phone.locator('#approve').click();
  await phone.locator('#request').waitFor({ state: 'hidden' });
}

/** After the activation is approved, the login page shows step "2 av 2" with a new code. */
export const waitingForAppStep2: JourneyStep = {
  name: 'app-wait-step-2',
  async act({ page, memo }) {
    await page.bringToFront();
    await page.locator('#step', { hasText: '2 av 2' }).waitFor({ timeout: 20_000 });
    memo.set(VERIFICATION_CODE, (await page.locator('#verification-code').textContent())!.trim());
  },
};

/** Closes the phone tab (end of the journey). */
export async function closePhone(ctx: JourneyContext): Promise<void> {
  await phones.get(ctx)?.close();
  phones.delete(ctx);
}
