import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

export const SCREENSHOT_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'docs',
  'screenshots',
);

export interface Screenshots {
  /** Writes docs/screenshots/<nn>-<step>.png (full page) and returns its path. */
  take(page: Page, step: string): Promise<string>;
}

/**
 * Numbered screenshots for the README: the number is the step's place in the journey, so the
 * files sort in journey order. `first` lets a journey continue another's numbering.
 */
export function screenshots(opts: { dir?: string; first?: number; fresh?: boolean } = {}): Screenshots {
  const dir = opts.dir ?? SCREENSHOT_DIR;
  let next = opts.first ?? 1;
  // `fresh`: the journey owns its folder; screenshots of steps that no longer exist are removed.
  if (opts.fresh) {
    mkdirSync(dir, { recursive: true });
    for (const f of readdirSync(dir)) if (/^\d+-[a-z0-9-]+\.png$/.test(f)) rmSync(join(dir, f));
  }
  return {
    async take(page, step) {
      if (!/^[a-z0-9-]+$/.test(step)) throw new Error(`screenshot step "${step}" must be kebab-case`);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${String(next++).padStart(2, '0')}-${step}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
      return file;
    },
  };
}
