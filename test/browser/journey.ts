import type { Page, Response } from 'playwright-core';
import { expectAccessible } from './expect-accessible.js';
import type { Screenshots } from './screenshots.js';
import type { DemoStack } from './start-demo-stack.js';

/** What every step of a journey can reach: the browser page, the running servers, the person. */
export interface JourneyContext {
  readonly page: Page;
  readonly stack: DemoStack;
  /** The synthetic identity number the journey uses (TestID, the sandbox passport). */
  readonly pid: string;
  /** Values steps hand to later ones (e.g. an activation code shown on one page, typed on another). */
  readonly memo: Map<string, string>;
}

/**
 * One thing a person does and the page it leads to. `act` does it and waits until the new page
 * is shown (and checks what must be on it); the runner then checks the page with axe and takes
 * its screenshot, named by `name` (kebab-case). A step that works in another tab (the sandbox
 * passport reader, the sandbox phone) returns that Page: it is the one checked and shown.
 */
export interface JourneyStep {
  readonly name: string;
  act(ctx: JourneyContext): Promise<void | Page>;
}

/** A step preceded by an action that has no page of its own worth a screenshot (a form submit). */
export function after(action: (ctx: JourneyContext) => Promise<void>, step: JourneyStep): JourneyStep {
  return {
    name: step.name,
    async act(ctx) {
      await action(ctx);
      return step.act(ctx);
    },
  };
}

/**
 * Runs steps in order: act → accessibility check → screenshot. A failure names the step, so a
 * broken journey says where it broke. Pages may not log errors (CSP violations, script errors).
 */
export async function runJourney(ctx: JourneyContext, shots: Screenshots, steps: readonly JourneyStep[]) {
  const problems: string[] = [];
  // Failed loads are judged by their responses (below), where the browser's own favicon probe
  // can be told apart; every other console error (CSP violations, script errors) counts.
  const onConsole = (m: { type(): string; text(): string }) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
  };
  const onPageError = (e: Error) => problems.push(e.message);
  const onResponse = (r: Response) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
  };
  // Every tab opened meanwhile (the sandbox reader, the sandbox phone) is watched like the first.
  const watched = new Set<Page>();
  const watch = (p: Page) => {
    if (watched.has(p)) return;
    watched.add(p);
    p.on('console', onConsole);
    p.on('pageerror', onPageError);
    p.on('response', onResponse);
  };
  watch(ctx.page);
  const browserContext = ctx.page.context();
  browserContext.on('page', watch);
  try {
    for (const step of steps) {
      let shown = ctx.page;
      try {
        shown = (await step.act(ctx)) ?? ctx.page;
        watch(shown);
        await shown.waitForLoadState('load');
        await expectAccessible(shown, step.name);
        if (problems.length) throw new Error(`the page logged errors:\n  ${problems.join('\n  ')}`);
        await shots.take(shown, step.name);
      } catch (e) {
        throw new Error(`journey step "${step.name}" failed at ${shown.url()}: ${(e as Error).message}`, {
          cause: e,
        });
      }
    }
  } finally {
    browserContext.off('page', watch);
    for (const p of watched) {
      p.off('console', onConsole);
      p.off('pageerror', onPageError);
      p.off('response', onResponse);
    }
  }
}
