// The prompts for a time range, shared by "PerfLens: Select Time Range..." (the local store) and the time-range
// step of "PerfLens: Load Profiles from a Source..." (Pyroscope, Parca): a custom from–to as two input boxes in the
// CLI's syntax, and the remote step's list (the session's range, the presets, a custom range).
import { pickOne, askText } from '../prompts';
import type { TimeRange } from '../../sources/types';
import { fromTextError, parseCustomRange, resolveRange, toTextError, windowOptions, type RangeChoice } from './rangeChoice';

export interface CustomRangePrompt {
  /** The boxes' title, followed by "from" and "to". */
  readonly title: string;
  /** What the boxes show first, e.g. now-1h and now. */
  readonly from: string;
  readonly to: string;
  /** Keep the boxes open when the focus moves (a multi-step flow a webview could interrupt). */
  readonly ignoreFocusOut?: boolean;
}

/** A custom range as two times (now-2h, ISO 8601, Unix seconds or millis); undefined when the user cancels. */
export async function askCustomRange(prompt: CustomRangePrompt): Promise<RangeChoice | undefined> {
  // One "now" for both boxes, so now-6h and now are exactly six hours apart however long the user takes.
  const now = Date.now();
  const from = await askText({
    title: `${prompt.title} from`, value: prompt.from, prompt: 'Start: now-2h, 2026-11-24T10:00Z, Unix seconds or millis',
    ignoreFocusOut: prompt.ignoreFocusOut, validateInput: (v) => fromTextError(v, now),
  });
  if (from === undefined) return undefined;
  const to = await askText({
    title: `${prompt.title} to`, value: prompt.to, prompt: 'End: now, now-30m, 2026-11-24T11:00Z, Unix seconds or millis',
    ignoreFocusOut: prompt.ignoreFocusOut, validateInput: (v) => toTextError(from, v, now),
  });
  if (to === undefined) return undefined;
  const r = parseCustomRange(from, to, now);
  return 'choice' in r ? r.choice : undefined;
}

/**
 * The time-range step of a remote load: the session's range first when it is a time window, the presets, or a
 * custom range (prefilled now-6h to now). The window to query, resolved now; undefined when the user cancels.
 */
export async function askWindow(title: string, sessionRange: RangeChoice | undefined): Promise<TimeRange | undefined> {
  const picked = await pickOne(windowOptions(sessionRange), { title, placeHolder: 'Which time range?', ignoreFocusOut: true });
  if (!picked) return undefined;
  const choice = picked.choice ?? (await askCustomRange({ title: `${title}: time range`, from: 'now-6h', to: 'now', ignoreFocusOut: true }));
  return choice && resolveRange(choice, Date.now());
}
