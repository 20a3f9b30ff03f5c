import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs axe-core in the page (WCAG 2.x A/AA and best practices) and throws on every serious or
 * critical violation, naming the rule, the elements and the page. Injected through the DevTools
 * protocol, not a <script> tag, so the pages' strict CSP stays in force during the test.
 */
export async function expectAccessible(page: Page, step: string): Promise<void> {
  // These callbacks run in the page; tsconfig has no DOM types, so the page's globals are typed here.
  type PageGlobals = {
    axe?: { run(context: unknown, options: unknown): Promise<{ violations: unknown[] }> };
    document: unknown;
  };
  const injected = await page.evaluate(() => 'axe' in (globalThis as unknown as PageGlobals));
  if (!injected) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const g = globalThis as unknown as PageGlobals;
    const result = await g.axe!.run(g.document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
      resultTypes: ['violations'],
    });
    return result.violations;
  });
  const blocking = (violations as AxeViolation[]).filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  if (blocking.length) {
    const lines = blocking.flatMap((v) => [
      `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`,
      ...v.nodes.slice(0, 5).map((n) => `      at ${JSON.stringify(n.target)}`),
    ]);
    throw new Error(`Accessibility violations on step "${step}" (${page.url()}):\n${lines.join('\n')}`);
  }
}
