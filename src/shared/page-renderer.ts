import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ejs from 'ejs';
import type { Locale } from '../../config/load-config.js';
import { translator, type Catalogues } from './i18n.js';

export interface PageContext {
  readonly locale: Locale;
  /** Path (without query) the language links point back to. */
  readonly path: string;
}

export type RenderPage = (view: string, ctx: PageContext, locals: Record<string, unknown>) => string;

/**
 * Compiles each ejs view once and renders it inside the layout with the translator, the language
 * switch and the sandbox banner. ejs escapes `<%= %>` output, so user input and relying-party
 * names are safe in pages.
 */
export function createPageRenderer(opts: {
  viewsDir: string;
  catalogues: Catalogues;
  locales: readonly Locale[];
  sandbox: boolean;
}): RenderPage {
  const compiled = new Map<string, ejs.TemplateFunction>();
  const template = (name: string): ejs.TemplateFunction => {
    let fn = compiled.get(name);
    if (!fn) {
      const filename = join(opts.viewsDir, `${name}.ejs`);
      fn = ejs.compile(readFileSync(filename, 'utf8'), { filename, async: false }) as ejs.TemplateFunction;
      compiled.set(name, fn);
    }
    return fn;
  };
  return (view, ctx, locals) => {
    const t = translator(opts.catalogues, ctx.locale);
    const languages = opts.locales.map((code) => ({
      code,
      name: opts.catalogues[code]['lang.name'],
      href: `${ctx.path}?lang=${code}`,
    }));
    const shared = { t, locale: ctx.locale, languages, sandbox: opts.sandbox, ...locals };
    const body = template(view)(shared) as string;
    return template('layout')({ ...shared, body, title: locals.title ?? t('common.service_name') }) as string;
  };
}
