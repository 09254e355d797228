// The status bar item: which profile the editor shows (service, version, type, time range); click to switch type.
import * as vscode from 'vscode';
import { describeProfile, timeRange } from './profileLabel';
import type { ProfileSession } from './profileSession';
import { visibleControls } from '../core/format/displayText';

export class ProfileStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('perflens.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  constructor(session: ProfileSession, heatEnabled: () => boolean) {
    this.item.name = 'PerfLens profile';
    this.item.command = 'perflens.selectProfileType';
    const update = () => {
      const p = session.current?.profile;
      void vscode.commands.executeCommand('setContext', 'perflens.profileLoaded', !!p);
      if (!p) { this.item.hide(); return; }
      const who = visibleControls([p.service, p.version].filter(Boolean).join(' '));
      const when = p.startMs > 0 ? ` · ${timeRange(p.startMs, p.durationMs)}` : '';
      // Notes say why the marks may be off (lines not moved to today's text, a bad path rule): flag them here,
      // not only in the log, so heat on a stale line is never a mystery.
      const flag = p.notes.length > 0 ? ' $(warning)' : '';
      // The filter has an item of its own beside this one (filters/filterStatusBar.ts).
      this.item.text = `$(flame) ${who ? `${who} · ` : ''}${p.type}${when}${heatEnabled() ? '' : ' (heat off)'}${flag}`;
      const notes = p.notes.map((n) => `\n⚠ ${visibleControls(n)}`).join('');
      this.item.tooltip = new vscode.MarkdownString().appendText(`PerfLens: ${visibleControls(describeProfile(p))}${notes}\nClick to choose the profile type.`);
      this.item.show();
    };
    this.subscription = session.onDidChange(update);
    this.refresh = update;
    update();
  }

  readonly refresh: () => void;

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
