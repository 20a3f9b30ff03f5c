import type { App } from '../../../src/app.js';
import { AppSimulator } from '../../../src/device/simulator/app-simulator.js';
import type { EidIssue } from '../../../src/eid/eid-store.js';
import { Browser, formAction, formField } from '../../support/browser.js';
import { REDIRECT_URI } from '../../support/relying-party.js';

export const DAY = 86_400_000;

export const person = (pid: string, givenName = 'Åse Marie', familyName = 'Øvrebø-Hansen'): EidIssue => ({
  pid,
  givenName,
  familyName,
  birthDate: '1990-05-17',
  document: { number: 'X1234567', issuingState: 'SWE', type: 'P', expiresOn: '2031-01-01' },
  evidence: {
    orderId: 'order-1',
    auditId: '1-0',
    activeAuthentication: 'ecdsa',
    sodDigest: 'ab'.repeat(32),
    cardholderNameCheck: 'match',
  },
});

/** Issues an eID as registration would and returns the activation secret from the "receipt". */
export async function issueEid(app: App, pid: string, validForMs = 30 * DAY): Promise<string> {
  return (await app.eids.issue(person(pid), { validForMs })).secret;
}

export const atRp = (u: URL) => u.href.startsWith(REDIRECT_URI);

/** A page in the app login: the login form, the waiting page (with its code) or the failure page. */
export interface LoginPage {
  readonly url: URL;
  readonly status: number;
  readonly text: string;
  readonly code?: string;
  readonly step?: string;
}

const read = (r: { url: URL; status: number; text: string }): LoginPage => ({
  ...r,
  code: /id="verification-code"[^>]*>([^<]+)</.exec(r.text)?.[1],
  step: /id="step">([^<]+)</.exec(r.text)?.[1],
});

/** Opens the authorization URL and returns the login page. */
export async function openLogin(browser: Browser, url: URL): Promise<LoginPage> {
  return read(await browser.follow(url, atRp));
}

/** Posts the identity number to the app method of the page shown (login or failure page). */
export async function submitPid(browser: Browser, page: LoginPage, pid: string): Promise<LoginPage> {
  const action = new URL(formAction(page.text, '/app'), page.url);
  return read({
    ...(await browser.follow(action, atRp, { form: { csrf: formField(page.text, 'csrf'), pid } })),
  });
}

/** "Check again": finishes the login (redirect to the RP), shows step 2, or the failure page. */
export async function check(browser: Browser, page: LoginPage): Promise<LoginPage> {
  const action = new URL(formAction(page.text, '/app/check'), page.url);
  return read(await browser.follow(action, atRp, { form: { csrf: formField(page.text, 'csrf') } }));
}

/**
 * Registration's receipt, the app's enrolment and the double authentication, through the pages:
 * returns the enabled phone. `url` is an authorization URL of some client.
 */
export async function activatePhone(
  app: App,
  issuer: string,
  url: URL,
  pid: string,
): Promise<{ phone: AppSimulator; certificatePem: string }> {
  const secret = await issueEid(app, pid);
  const phone = await AppSimulator.enroll(issuer, { pid, activationSecret: secret });
  const browser = new Browser();
  const step1 = await submitPid(browser, await openLogin(browser, url), pid);
  // Step 1: the person types the code the browser shows into the app.
  const enabled = await phone.answerNext('approve', 5, { code: step1.code });
  if (enabled?.reply.status !== 200) throw new Error(`enable failed: ${JSON.stringify(enabled?.reply)}`);
  const step2 = await check(browser, step1);
  const login = await phone.answerNext('approve', 5);
  if (login?.reply.status !== 200) throw new Error('step 2 failed');
  const done = await check(browser, step2);
  if (!atRp(done.url)) throw new Error('activation did not end at the relying party');
  return { phone, certificatePem: enabled.reply.body.certificate as string };
}
