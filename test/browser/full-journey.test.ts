import { join } from 'node:path';
import { sandboxPersons } from '../../src/registry/sandbox-persons.js';
import { describeInBrowser } from './chromium.js';
import { chromiumWithDemoStack } from './chromium-with-demo-stack.js';
import { after, runJourney, type JourneyContext } from './journey.js';
import { screenshots, SCREENSHOT_DIR } from './screenshots.js';
import {
  activateOnSandboxPhone,
  approveOnPhone,
  closePhone,
  continueToLogIn,
  fillAppLogin,
  phoneShowsRequest,
  waitingForApp,
  waitingForAppStep2,
} from './steps/app-steps.js';
import {
  confirmLogOut,
  loggedInAtDemoRp,
  openDemoRp,
  pressLogIn,
  pressLogOut,
} from './steps/demo-rp-steps.js';
import {
  backToOrderPayment,
  CARDHOLDER_NAME,
  chooseRegister,
  enterIdentityNumber,
  openSandboxReader,
  payOnSandboxPaymentPage,
  readChipInSandboxReader,
  readPassportPage,
  receiptWithActivationCode,
  startRegistration,
} from './steps/registration-steps.js';

// Some thirty pages, two tabs, polling pages and a real browser on a shared 2-core machine.
const JOURNEY_TIMEOUT = 180_000;

/** The README walk-through's screenshots (README.md, "Walk-through: the whole journey"). */
export const JOURNEY_SCREENSHOT_DIR = join(SCREENSHOT_DIR, 'journey');

// A synthetic person whose names need the national letters (Åse Sæther Ødegård): the passport,
// the register, the card name and the claims all have to agree on them.
const person = sandboxPersons.nordicLetters;

describeInBrowser('in Chromium: the whole journey — register with a passport, pay, activate, log in', () => {
  const env = chromiumWithDemoStack(JOURNEY_TIMEOUT);

  test(
    'demo service → register → sandbox reader → pay → sandbox phone → 2 approvals → logged in → ' +
      'logout → second login with 1 approval; every page passes axe and is screenshotted',
    async () => {
      const context = await env.phone();
      const ctx: JourneyContext = {
        page: await context.newPage(),
        stack: env.stack,
        pid: person.identityNumber,
        memo: new Map([
          [CARDHOLDER_NAME, `${person.givenNames.join(' ')} ${person.middleName} ${person.familyName}`],
        ]),
      };
      await runJourney(ctx, screenshots({ dir: JOURNEY_SCREENSHOT_DIR, fresh: true }), [
        // The service sends the person to log in; they have no eID yet and register one.
        openDemoRp,
        pressLogIn,
        chooseRegister,
        startRegistration,
        enterIdentityNumber,
        readPassportPage,
        openSandboxReader,
        readChipInSandboxReader,
        backToOrderPayment,
        payOnSandboxPaymentPage,
        receiptWithActivationCode,
        // The app (second tab), then the first login: activation, then login, two approvals.
        activateOnSandboxPhone,
        continueToLogIn,
        waitingForApp('app-wait-step-1', '1 av 2'),
        phoneShowsRequest('sandbox-phone-activate-request'),
        after(approveOnPhone, waitingForAppStep2),
        phoneShowsRequest('sandbox-phone-login-request'),
        after(approveOnPhone, loggedInAtDemoRp),
        pressLogOut,
        confirmLogOut,
        // Every later login: identity number, one approval.
        openDemoRp,
        pressLogIn,
        fillAppLogin,
        waitingForApp('app-wait'),
        phoneShowsRequest('sandbox-phone-login-request'),
        after(approveOnPhone, loggedInAtDemoRp),
        pressLogOut,
        confirmLogOut,
      ]);
      await closePhone(ctx);
    },
    JOURNEY_TIMEOUT,
  );
});
