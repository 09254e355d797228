// One line that says which profile the figures come from: type, service, version, time range, samples.
import type { WorkspaceProfile } from '../shared/workspaceProfile';

export function describeProfile(p: WorkspaceProfile): string {
  const parts = [p.type];
  if (p.service) parts.push(p.service + (p.version ? ` ${p.version}` : ''));
  else if (p.version) parts.push(`version ${p.version}`);
  if (p.startMs > 0) parts.push(timeRange(p.startMs, p.durationMs));
  parts.push(`${p.sampleCount.toLocaleString('en-US')} samples`);
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
