/**
 * What an agent tool returns: text an agent can quote to a person, and the same facts as structured content for
 * programs. Shared by `perflens mcp` and the editor's language-model tools. Every list is bounded and every name
 * from a profile is clipped, so a hostile or huge profile cannot make an answer unbounded.
 */
import { formatShare, formatValue } from '../format/units';

export interface AgentAnswer<T> {
  readonly text: string;
  readonly structured: T;
}

/** What was asked for, in words (`service shop, cpu, version v2, 12 profiles`), and notes about it. */
export interface SelectionFacts {
  readonly description: string;
  readonly notes: readonly string[];
}

/** Longest function name, file path or source line kept in an answer. */
export const MAX_NAME_LENGTH = 300;
/** Most rows of any list an answer holds. */
export const MAX_ROWS = 100;

export function clip(text: string, max = MAX_NAME_LENGTH): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A limit asked for, within 1..MAX_ROWS (and the note to add when it was cut). */
export function boundedLimit(requested: number | undefined, fallback: number, max = MAX_ROWS): { limit: number; note?: string } {
  if (requested === undefined || !Number.isFinite(requested)) return { limit: fallback };
  const whole = Math.floor(requested);
  if (whole < 1) return { limit: 1, note: `limit ${requested} raised to 1` };
  if (whole > max) return { limit: max, note: `limit ${requested} capped at ${max}` };
  return { limit: whole };
}

/** `1.2 s (12.40%)` */
export function valueAndShare(value: number, total: number, unit: string): string {
  return `${formatValue(value, unit)} (${formatShare(value, total)})`;
}

export function share(value: number, total: number): number {
  return total === 0 ? 0 : value / total;
}

/** The header every answer starts with: what was selected, then its notes. */
export function header(facts: SelectionFacts, first: string): string[] {
  return [first, `Selection: ${facts.description}`, ...facts.notes.map((n) => `Note: ${n}`)];
}
