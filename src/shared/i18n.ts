import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locale } from '../../config/load-config.js';

export const ALL_LOCALES: readonly Locale[] = ['nb', 'nn', 'en', 'se'];
export type Catalogues = Readonly<Record<Locale, Readonly<Record<string, string>>>>;
export type Translate = (key: string, vars?: Record<string, string>) => string;

/**
 * Reads views/i18n/<locale>.json and each feature's views/i18n/<feature>/<locale>.json (so a
 * feature's texts live beside each other); every catalogue must have the same keys (tested) and
 * a key defined twice is a start-up error, not a silent override.
 */
export function loadCatalogues(dir: string): Catalogues {
  const features = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(dir, d.name))
    .sort();
  const entries = ALL_LOCALES.map((l) => {
    const merged: Record<string, string> = {};
    for (const file of [join(dir, `${l}.json`), ...features.map((f) => join(f, `${l}.json`))]) {
      if (!existsSync(file)) continue;
      for (const [k, v] of Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)) {
        if (k in merged) throw new Error(`i18n key ${k} is defined twice (${file})`);
        merged[k] = v;
      }
    }
    return [l, merged] as const;
  });
  return Object.freeze(Object.fromEntries(entries)) as Catalogues;
}

/**
 * A missing key falls back to English and then to the key itself, so a gap shows up as text a
 * tester notices rather than an empty label. `{name}` placeholders are filled from `vars`.
 */
export function translator(catalogues: Catalogues, locale: Locale): Translate {
  return (key, vars) => {
    const text = catalogues[locale][key] ?? catalogues.en[key] ?? key;
    return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m) : text;
  };
}

/**
 * Picks the page language: an explicit choice (the language switch, remembered in a cookie),
 * then the relying party's `ui_locales`, then the browser's Accept-Language, then the default.
 * `no` (Norwegian) is read as bokmål.
 */
export function negotiateLocale(
  sources: {
    choice?: string | undefined;
    uiLocales?: string | undefined;
    acceptLanguage?: string | undefined;
  },
  supported: readonly Locale[],
  fallback: Locale,
): Locale {
  const pick = (tag: string): Locale | undefined => {
    const base = tag.trim().toLowerCase().split(/[-_;]/)[0] ?? '';
    const mapped =
      base === 'no' || base === 'nob' ? 'nb' : base === 'nno' ? 'nn' : base === 'sme' ? 'se' : base;
    return supported.find((l) => l === mapped);
  };
  if (sources.choice) {
    const c = pick(sources.choice);
    if (c) return c;
  }
  for (const tag of sources.uiLocales?.split(' ') ?? []) {
    const l = pick(tag);
    if (l) return l;
  }
  const accepted = (sources.acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag ?? '', q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of accepted) {
    const l = pick(tag);
    if (l) return l;
  }
  return fallback;
}
