import { randomBytes } from 'node:crypto';
import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import type { Config } from '../../config/load-config.js';
import type { createSandboxFaceMatchVendor } from '../facematch/sandbox-face-match-vendor.js';
import { createSandboxRegister } from '../registry/create-sandbox-register.js';
import { sandboxUnavailableIdentityNumber } from '../registry/sandbox-unavailable-identity-number.js';
import { csrfToken, verifyCsrfToken } from '../shared/csrf-token.js';
import { negotiateLocale } from '../shared/i18n.js';
import { setPageHeaders } from '../shared/page-headers.js';
import type { RenderPage } from '../shared/page-renderer.js';
import { readForm } from '../shared/read-form.js';
import type { Registration } from './create-registration.js';
import { orderCookie } from './order-cookie.js';
import { readChipUpload } from './read-chip-upload.js';
import {
  SANDBOX_DEFECTS,
  SANDBOX_PASSPORT_STATES,
  type SandboxHolder,
  type SandboxPassportOffice,
} from './sandbox-passport-office.js';

const COOKIE = 'sandbox_reader';
const form = z.object({
  csrf: z.string().max(100),
  token: z.string().max(100).optional(),
  code: z.string().max(20).optional(),
  person: z.string().max(40),
  givenNames: z.string().max(60).optional(),
  surname: z.string().max(60).optional(),
  birthDate: z.string().max(10).optional(),
  nationality: z.string().max(3).optional(),
  defect: z.enum(SANDBOX_DEFECTS as [string, ...string[]]).default('none'),
});
const custom = z.object({
  givenNames: z.string().trim().min(1),
  surname: z.string().trim().min(1),
  birthDate: z.iso.date(),
  nationality: z.enum(SANDBOX_PASSPORT_STATES),
});

/**
 * Sandbox only: /sandbox/reader plays the reader app. It takes the reader token (from the
 * read-passport page's link) or the order code, makes a chip for a chosen synthetic person (or a
 * typed one) with the test passport factory, answers the server's AA challenge with the chip's
 * key, signs a face-match result as the sandbox vendor, and uploads through the reader API's own
 * parsing and use case.
 */
export function createSandboxReaderRouter(deps: {
  registration: Registration;
  config: Config;
  renderPage: RenderPage;
  csrfKey: string;
  office: SandboxPassportOffice;
  vendor: ReturnType<typeof createSandboxFaceMatchVendor>;
}): Router {
  const { config, registration } = deps;
  const router = new Router();
  const persons = createSandboxRegister()
    .list()
    .filter((e) => e.person);
  const render = (ctx: Context, view: string, locals: Record<string, unknown>, status = 200) => {
    setPageHeaders(ctx);
    ctx.status = status;
    ctx.type = 'html';
    const locale = negotiateLocale(
      { choice: ctx.cookies.get('lang'), acceptLanguage: ctx.get('accept-language') },
      config.locales,
      config.defaultLocale,
    );
    ctx.body = deps.renderPage(`registration/${view}`, { locale, path: ctx.path }, locals);
  };
  const nonce = (ctx: Context) => {
    let n = ctx.cookies.get(COOKIE, { signed: true });
    if (!n) {
      n = randomBytes(16).toString('base64url');
      ctx.cookies.set(COOKIE, n, { signed: true, httpOnly: true, sameSite: 'lax' });
    }
    return n;
  };

  router.get('/sandbox/reader', async (ctx) => {
    const q = ctx.query as Record<string, string | undefined>;
    // The token never travels in a URL (access logs): it comes from the order this browser is
    // bound to, as the read-passport page's QR code would give it to the app.
    const bound = orderCookie.read(ctx);
    const order = bound ? await registration.order(bound.o) : undefined;
    const link =
      order?.ok && order.value.state === 'created' ? await registration.readerLink(bound!.o) : undefined;
    const code = typeof q.code === 'string' ? q.code : order?.ok && !link?.token ? order.value.code : '';
    render(ctx, 'sandbox-reader', {
      csrf: csrfToken(deps.csrfKey, `sandbox-reader:${nonce(ctx)}`),
      token: link?.token ?? '',
      code,
      persons: persons.map((p) => ({ key: p.key, description: p.description, pid: p.identityNumber })),
      states: SANDBOX_PASSPORT_STATES,
      defects: SANDBOX_DEFECTS,
      unavailablePid: sandboxUnavailableIdentityNumber,
    });
  });

  router.post('/sandbox/reader', async (ctx) => {
    const parsed = form.safeParse(await readForm(ctx, config.maxBodyBytes));
    const done = (outcome: { code: string; state?: string }, status = 200) =>
      render(
        ctx,
        'sandbox-reader-done',
        { outcome, code: parsed.success ? (parsed.data.code ?? '') : '' },
        status,
      );
    if (!parsed.success || !verifyCsrfToken(deps.csrfKey, `sandbox-reader:${nonce(ctx)}`, parsed.data.csrf))
      return done({ code: 'csrf' }, 403);
    const f = parsed.data;
    let holder: SandboxHolder;
    if (f.person === 'custom') {
      const c = custom.safeParse(f);
      if (!c.success) return done({ code: 'sandbox.custom-person' }, 400);
      holder = c.data;
    } else {
      const entry = persons.find((p) => p.key === f.person)?.person;
      if (!entry?.birthDate) return done({ code: 'sandbox.unknown-person' }, 400);
      const citizenship = entry.citizenships[0] ?? 'NOR';
      const doc = entry.identityDocuments.find((d) => d.number && d.issuingCountry === citizenship);
      holder = {
        givenNames: entry.givenNames.join(' '),
        surname: entry.middleName ? `${entry.middleName} ${entry.familyName}` : entry.familyName,
        birthDate: entry.birthDate,
        nationality: citizenship,
        documentNumber: doc?.number,
      };
    }

    const opened = await registration.openReaderSession({
      ...(f.token ? { token: f.token } : { orderCode: f.code ?? '' }),
      source: ctx.ip,
    });
    if (!opened.ok) return done({ code: opened.code }, 400);
    const orderId = opened.value.order.id;
    const challenge = await registration.challenge(orderId);
    if (!challenge.ok) return done({ code: challenge.code }, 400);

    const chip = deps.office.makeChip(holder, f.defect as never);
    const signature = chip.answerActiveAuthentication(challenge.value.challenge);
    if (f.defect === 'aa-signature') signature[signature.length - 1]! ^= 0x01;
    const faceMatch = await deps.vendor.sign({
      orderId: f.defect === 'face-other-order' ? 'another-order' : orderId,
      dg2: chip.dataGroups[2]!,
      score: f.defect === 'face-below-threshold' ? 0.31 : 0.97,
      liveness: f.defect === 'face-liveness' ? 'fail' : 'pass',
    });
    const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
    const upload = readChipUpload({
      sod: b64(chip.sod),
      dataGroups: Object.fromEntries(Object.entries(chip.dataGroups).map(([n, v]) => [n, b64(v)])),
      com: b64(chip.com),
      activeAuthentication: { challenge: b64(challenge.value.challenge), signature: b64(signature) },
      faceMatch,
      app: { platform: 'sandbox', version: '1.0.0' },
    });
    if (!upload.ok) return done({ code: upload.code }, 400);
    const result = await registration.upload(orderId, upload.value);
    if (!result.ok) return done({ code: result.code }, 422);
    return done({ code: result.value.failure?.reasonCode ?? 'ok', state: result.value.state });
  });

  return router;
}
