// The status bar item: which profile the editor shows (service, version, type, time range); click to switch type.
import * as vscode from 'vscode';
import { describeProfile, timeRange } from './profileLabel';
import type { ProfileSession } from './profileSession';
import { visibleControls } from '../shared/displayText';

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
      this.item.text = `$(flame) ${who ? `${who} · ` : ''}${p.type}${when}${heatEnabled() ? '' : ' (heat off)'}`;
      this.item.tooltip = new vscode.MarkdownString().appendText(`PerfLens: ${visibleControls(describeProfile(p))}\nClick to choose the profile type.`);
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
