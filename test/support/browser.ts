/**
 * A minimal browser: a cookie jar and manual redirects, so tests can walk the login pages the
 * way a person's browser does and stop at the relying party's redirect_uri.
 */
export class Browser {
  private readonly jar = new Map<string, string>();

  constructor(private readonly headers: Record<string, string> = {}) {}

  async request(
    url: string | URL,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ) {
    const body = init.form ? new URLSearchParams(init.form).toString() : undefined;
    const res = await fetch(url, {
      method: init.method ?? (body ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        ...this.headers,
        ...init.headers,
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...(this.jar.size ? { cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
      },
      body,
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const [name, ...v] = pair!.split('=');
      const expired = attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a) || /max-age=0/i.test(a.trim()));
      if (expired) this.jar.delete(name!.trim());
      else this.jar.set(name!.trim(), v.join('='));
    }
    return { res, url: new URL(url), text: await res.text() };
  }

  /** Follows redirects until a page answers, or until a redirect leaves for `stopAt`. */
  async follow(
    url: string | URL,
    stopAt: (u: URL) => boolean,
    init: { form?: Record<string, string> } = {},
  ): Promise<{ url: URL; status: number; text: string; res: Response }> {
    let current = new URL(url);
    let r = await this.request(current, init);
    for (let hops = 0; hops < 20; hops++) {
      const location = r.res.headers.get('location');
      if (r.res.status < 300 || r.res.status >= 400 || !location)
        return { url: current, status: r.res.status, text: r.text, res: r.res };
      current = new URL(location, current);
      if (stopAt(current)) return { url: current, status: r.res.status, text: '', res: r.res };
      r = await this.request(current);
    }
    throw new Error('too many redirects');
  }

  clearCookies(): void {
    this.jar.clear();
  }
}

/** Reads a hidden input or a form action out of a page. */
export function formField(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no field ${name} in page`);
  return m[1]!;
}

export function formAction(html: string, contains: string): string {
  const m = new RegExp(`action="([^"]*${contains}[^"]*)"`).exec(html);
  if (!m) throw new Error(`no form posting to *${contains}* in page`);
  return m[1]!.replace(/&amp;/g, '&');
}
