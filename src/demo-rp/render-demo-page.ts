import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import { textsFor, type DemoLocale } from './demo-rp-texts.js';

const VIEWS = join(dirname(fileURLToPath(import.meta.url)), 'views');

export const DEMO_RP_CSS = readFileSync(join(VIEWS, 'demo-rp.css'));

const templates = new Map<string, ejs.TemplateFunction>();
function template(name: string): ejs.TemplateFunction {
  let fn = templates.get(name);
  if (!fn) {
    const filename = join(VIEWS, `${name}.ejs`);
    fn = ejs.compile(readFileSync(filename, 'utf8'), { filename, async: false }) as ejs.TemplateFunction;
    templates.set(name, fn);
  }
  return fn;
}

/** Renders a demo RP view inside its layout; `<%= %>` escapes, so claim values are safe to show. */
export function renderDemoPage(
  view: 'home' | 'me' | 'logged-out' | 'error',
  page: { locale: DemoLocale; path: string; title: string },
  locals: Record<string, unknown> = {},
): string {
  const t = textsFor(page.locale);
  const shared = { t, locale: page.locale, path: page.path, ...locals };
  const body = template(view)(shared) as string;
  return template('layout')({ ...shared, body, title: page.title }) as string;
}
