import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';

/** What the demo RP remembers between the login redirect and the callback. */
export interface PendingLogin {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
}

export interface LoggedInUser {
  readonly idToken: string;
  readonly claims: Record<string, unknown>;
  readonly userinfo: Record<string, unknown>;
  readonly sub: string;
  readonly sid: string | undefined;
}

export interface DemoSession {
  readonly id: string;
  /** Ties the logout form to this session (CSRF). */
  readonly csrf: string;
  pending?: PendingLogin;
  user?: LoggedInUser;
}

const COOKIE = 'demo_rp_session';

/**
 * In-memory sessions behind a signed cookie: enough for a demo (one process; a restart logs
 * everyone out). Back-channel logout finds sessions by the provider's `sid` or `sub`.
 */
export class DemoRpSessions {
  private readonly sessions = new Map<string, DemoSession>();

  constructor(private readonly secureCookies: boolean) {}

  get(ctx: Context): DemoSession | undefined {
    const id = ctx.cookies.get(COOKIE, { signed: true });
    return id ? this.sessions.get(id) : undefined;
  }

  getOrCreate(ctx: Context): DemoSession {
    return this.get(ctx) ?? this.start(ctx);
  }

  /** A fresh session (new id and CSRF token) replacing the current one: called at login, so an
   * id planted in the browser before the login never becomes a logged-in session. */
  start(ctx: Context): DemoSession {
    const old = this.get(ctx);
    if (old) this.sessions.delete(old.id);
    const session: DemoSession = {
      id: randomBytes(24).toString('base64url'),
      csrf: randomBytes(24).toString('base64url'),
    };
    this.sessions.set(session.id, session);
    // Behind a TLS-terminating proxy the request itself is http; the public address decides.
    ctx.cookies.secure = this.secureCookies;
    ctx.cookies.set(COOKIE, session.id, {
      httpOnly: true,
      sameSite: 'lax',
      signed: true,
      secure: this.secureCookies,
    });
    return session;
  }

  destroy(ctx: Context): void {
    const session = this.get(ctx);
    if (session) this.sessions.delete(session.id);
    ctx.cookies.secure = this.secureCookies;
    ctx.cookies.set(COOKIE, null, { signed: true, secure: this.secureCookies });
  }

  /** Ends every session of this provider session (sid) or, without sid, of this subject. Returns how many. */
  endByProviderSession(match: { sid?: string; sub?: string }): number {
    let ended = 0;
    for (const [id, s] of this.sessions) {
      if (!s.user) continue;
      const hit = match.sid ? s.user.sid === match.sid : match.sub !== undefined && s.user.sub === match.sub;
      if (hit && (!match.sub || s.user.sub === match.sub)) {
        this.sessions.delete(id);
        ended++;
      }
    }
    return ended;
  }
}
