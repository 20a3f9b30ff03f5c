import { z } from 'zod';

/** What is read from the request: koa's cookie jar (kept structural, no koa import here). */
interface CookieJar {
  readonly cookies: { get(name: string, options: { signed: boolean }): string | undefined };
}

const COOKIE = 'reg_order';
const content = z.object({
  o: z.string().max(64),
  u: z.string().max(64).optional(),
  n: z.string().max(64).optional(),
});

/**
 * The signed cookie that binds a browser to its order: `o` the order id, `u` the interaction uid
 * to return to, `n` a random nonce only the browser that started the order has (its hash is in
 * the vault; a resumed browser has no `n`). Signed, so a browser cannot name another order.
 *
 * @example const bound = orderCookie.read(ctx); if (bound) show(bound.o);
 */
export const orderCookie = {
  name: COOKIE,
  read(ctx: CookieJar): z.infer<typeof content> | undefined {
    const raw = ctx.cookies.get(COOKIE, { signed: true });
    if (!raw) return undefined;
    try {
      const parsed = content.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  },
};
