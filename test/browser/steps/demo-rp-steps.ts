import type { JourneyStep } from '../journey.js';

/** The demo service's front page, logged out. */
export const openDemoRp: JourneyStep = {
  name: 'demo-rp-front-page',
  async act({ page, stack }) {
    await page.goto(`${stack.rpUrl}/`);
    await page.getByRole('heading', { level: 1, name: 'Logg inn på Min side' }).waitFor();
  },
};

/** "Logg inn" → PAR → the provider's login page for this service. */
export const pressLogIn: JourneyStep = {
  name: 'provider-login-page',
  async act({ page }) {
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.waitForURL(/\/interaction\/[^/]+$/);
  },
};

/** Back at the demo service after any login method: the claims it received, at level high. */
export const loggedInAtDemoRp: JourneyStep = {
  name: 'demo-rp-logged-in',
  async act({ page, stack, pid }) {
    await page.waitForURL(`${stack.rpUrl}/`);
    await page.getByRole('heading', { level: 1, name: 'Du er logget inn' }).waitFor();
    const cell = (claim: string) => page.locator(`table tr[data-claim="${claim}"] td`).first();
    expect(await cell('acr').textContent()).toBe('idporten-loa-high');
    expect(await cell('pid').textContent()).toBe(pid);
    await page.getByRole('heading', { level: 2, name: 'Opplysninger fra userinfo' }).waitFor();
  },
};

/** "Logg ut" at the demo service → the provider asks to confirm (RP-initiated logout). */
export const pressLogOut: JourneyStep = {
  name: 'provider-logout-confirm',
  async act({ page }) {
    await page.getByRole('button', { name: 'Logg ut' }).click();
    await page.waitForURL(/\/endsession(\?|$)/);
  },
};

/** Confirm at the provider → back at the demo service, logged out of both. */
export const confirmLogOut: JourneyStep = {
  name: 'demo-rp-logged-out',
  async act({ page, stack }) {
    await page.locator('button[name="logout"][value="yes"]').click();
    await page.waitForURL(new RegExp(`^${stack.rpUrl}/logged-out`));
    await page.getByRole('heading', { level: 1, name: 'Du er logget ut' }).waitFor();
    // The demo RP's session is gone too: its front page offers a login again.
    const front = await page.context().request.get(`${stack.rpUrl}/`);
    expect(await front.text()).toContain('Logg inn på Min side');
  },
};
