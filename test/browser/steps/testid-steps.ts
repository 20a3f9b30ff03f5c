import type { JourneyContext, JourneyStep } from '../journey.js';

/** Sandbox TestID on the provider's login page: the identity number typed in, level high chosen. */
export const fillTestId: JourneyStep = {
  name: 'testid-filled-in',
  async act({ page, pid }) {
    const form = page.locator('form[action$="/testid"]');
    await form.locator('input[name="pid"]').fill(pid);
    await form.locator('input[name="level"][value="high"]').check();
  },
};

/** Submitting TestID finishes the login (use with `after`, before the page it lands on). */
export async function submitTestId({ page }: JourneyContext): Promise<void> {
  await page.locator('form[action$="/testid"] button[type="submit"]').click();
}
