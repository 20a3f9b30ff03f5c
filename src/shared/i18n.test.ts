import { join } from 'node:path';
import { ALL_LOCALES, loadCatalogues, negotiateLocale, translator } from './i18n.js';

const catalogues = loadCatalogues(join(process.cwd(), 'views', 'i18n'));

describe('i18n catalogue', () => {
  test('every language has every key, and no text is empty', () => {
    const keys = Object.keys(catalogues.en).sort();
    for (const l of ALL_LOCALES) {
      expect(Object.keys(catalogues[l]).sort()).toEqual(keys);
      for (const k of keys) expect(catalogues[l][k]!.trim()).not.toBe('');
    }
  });

  test('placeholders survive translation', () => {
    for (const l of ALL_LOCALES) {
      expect(translator(catalogues, l)('login.lead', { client: 'NAV' })).toContain('NAV');
    }
  });

  test('an explicit choice beats ui_locales, which beats the browser', () => {
    const all = ['nb', 'nn', 'en', 'se'] as const;
    expect(negotiateLocale({ choice: 'se', uiLocales: 'en', acceptLanguage: 'nn' }, all, 'nb')).toBe('se');
    expect(negotiateLocale({ uiLocales: 'de en', acceptLanguage: 'nn' }, all, 'nb')).toBe('en');
    expect(negotiateLocale({ acceptLanguage: 'de-DE,no;q=0.8,en;q=0.9' }, all, 'nb')).toBe('en');
    expect(negotiateLocale({ acceptLanguage: 'no' }, all, 'en')).toBe('nb');
    expect(negotiateLocale({ acceptLanguage: 'fr' }, all, 'nn')).toBe('nn');
  });
});
