// The diff panel's flame graph as the e2e tests read it: the frames its canvas shows, from the page's read-only
// debug hook (webview/shared/flame/debugHook.ts), once they are what a test waits for.
import type { FrameLocator, Page } from 'playwright-core';
import { until } from '../harness/wait';
import { screenshot } from './workbench';

/** A frame the diff flame graph's canvas shows, as its debug hook lists it. */
export interface DiffFrame { name: string; node: number; depth: number; x: number; y: number; w: number; h: number; color: 'rose' | 'fell' | 'neutral' | 'merged'; faded: boolean; delta: number }

/** The active webview's page. */
export const webview = (page: Page): FrameLocator => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

/** The diff flame graph's frames on screen once `ok` holds (the page's read-only debug hook). */
export async function diffFrames(page: Page, ok: (frames: DiffFrame[]) => boolean, what: string): Promise<DiffFrame[]> {
  const hook = webview(page).locator('.flame-debug[data-role="diff"]');
  let frames: DiffFrame[] = [];
  return until(async () => {
    if (await hook.count() === 0) return undefined;
    const text = (await hook.textContent()) ?? '';
    frames = text ? JSON.parse(text) as DiffFrame[] : [];
    return ok(frames) && frames;
  }, () => `${what}; frames: ${frames.slice(0, 30).map((f) => `${f.name} ${f.color}`).join(', ')}`, { everyMs: 200 })
    .catch(async (e) => { await screenshot(page, 'diff-flamegraph-failed'); throw e; });
}
