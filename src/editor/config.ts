// Typed access to the perflens.* settings, in one place. Percent settings are converted to shares (0..1) here.
import * as vscode from 'vscode';
import type { ProfileLimits } from '../core/profile/limits';
import type { HeatSettings } from './heat/plan';

export interface PerfLensConfig {
  readonly heatEnabled: boolean;
  readonly heat: HeatSettings;
  readonly wholeLine: boolean;
  readonly codeLensEnabled: boolean;
  readonly codeLensThreshold: number;
  readonly pathMappings: readonly { from: string; to: string }[];
  readonly profileGitRef: string;
  readonly storePath: string;
  readonly limits: ProfileLimits;
}

const clampShare = (percent: unknown, fallback: number): number =>
  typeof percent === 'number' && Number.isFinite(percent) ? Math.min(Math.max(percent, 0), 100) / 100 : fallback;

export function readConfig(scope?: vscode.ConfigurationScope): PerfLensConfig {
  const c = vscode.workspace.getConfiguration('perflens', scope);
  const t = c.get<unknown[]>('heat.thresholds');
  const thresholds: [number, number, number] = Array.isArray(t) && t.length === 3
    ? [clampShare(t[0], 0.01), clampShare(t[1], 0.05), clampShare(t[2], 0.15)].sort((a, b) => a - b) as [number, number, number]
    : [0.01, 0.05, 0.15];
  const mappings = c.get<unknown>('pathMappings');
  return {
    heatEnabled: c.get<boolean>('heat.enabled', true),
    heat: {
      metric: c.get<string>('heat.metric') === 'self' ? 'self' : 'total',
      thresholds,
      annotationThreshold: clampShare(c.get('heat.annotationThreshold'), 0.005),
    },
    wholeLine: c.get<boolean>('heat.wholeLine', false),
    codeLensEnabled: c.get<boolean>('codeLens.enabled', true),
    codeLensThreshold: clampShare(c.get('codeLens.threshold'), 0.01),
    pathMappings: Array.isArray(mappings)
      ? mappings.filter((m): m is { from: string; to: string } => !!m && typeof m.from === 'string' && typeof m.to === 'string')
      : [],
    profileGitRef: c.get<string>('profileGitRef', '').trim(),
    storePath: c.get<string>('store.path', '').trim(),
    limits: {
      maxDecompressedBytes: Math.max(1, c.get<number>('limits.maxDecompressedMB', 512)) * 1024 * 1024,
      maxSamples: Math.max(1, c.get<number>('limits.maxSamples', 20_000_000)),
      maxStrings: Math.max(1, c.get<number>('limits.maxStrings', 5_000_000)),
    },
  };
}
