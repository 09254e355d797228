// One line that says which profile the figures come from: type, service, version, time range, samples.
import type { WorkspaceProfile } from '../shared/workspaceProfile';

export function describeProfile(p: WorkspaceProfile): string {
  const parts = [p.type];
  if (p.service) parts.push(p.service + (p.version ? ` ${p.version}` : ''));
  else if (p.version) parts.push(`version ${p.version}`);
  if (p.startMs > 0) parts.push(timeRange(p.startMs, p.durationMs));
  parts.push(`${withThousands(p.sampleCount)} samples`);
  if (p.sources.length > 1) parts.push(`${p.sources.length} profiles merged`);
  return parts.join(' · ');
}

/**
 * `2026-11-24 10:00–11:00 UTC`; a profile shorter than a minute reads `2026-11-24 10:00:05 UTC · 30 s`; just the
 * start when the duration is unknown.
 */
export function timeRange(startMs: number, durationMs: number): string {
  const start = new Date(startMs).toISOString();
  const day = start.slice(0, 10);
  const from = start.slice(11, 16);
  if (!(durationMs > 0)) return `${day} ${from} UTC`;
  if (durationMs < 60_000) return `${day} ${start.slice(11, 19)} UTC · ${Math.max(1, Math.round(durationMs / 1000))} s`;
  const end = new Date(startMs + durationMs).toISOString();
  const to = end.slice(0, 10) === day ? end.slice(11, 16) : `${end.slice(0, 10)} ${end.slice(11, 16)}`;
  return `${day} ${from}–${to} UTC`;
}

/**
 * `1,043,659`, as toLocaleString('en-US') writes it, without ICU: the first locale call loads its data, 20–50 ms of
 * the extension host's main thread as the first profile is shown.
 */
export function withThousands(n: number): string {
  const digits = String(Math.round(Math.abs(n)));
  const head = digits.length % 3 || 3;
  let out = digits.slice(0, head);
  for (let i = head; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}
