// What several in-host suites do the same way: reach the PerfLens API, name the profile sources a user would have in
// their settings, find a workspace file and the line its author marked, wait for heat to be drawn, and answer
// PerfLens's questions as a user would.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PerfLensApi } from '../../src/extension';
import type { PlannedLine } from '../../src/editor/heat/plan';
import type { Question } from '../../src/editor/prompts';
import { DEADLINE_MS, until } from '../harness/wait';

export function perflens(): vscode.Extension<PerfLensApi> {
  return vscode.extensions.getExtension<PerfLensApi>('perflens.perflens')!;
}

/** The PerfLens API, once a profile (the local store's, on start-up) has loaded. */
export async function loadedApi(): Promise<PerfLensApi> {
  const api = await perflens().activate();
  await until(() => api.session.current, 'the local store profile to load').catch(() => {});
  assert.ok(api.session.current, 'the local store profile loaded by itself');
  return api;
}

/**
 * Puts `sources` in the `perflens.sources` setting (user settings unless said otherwise), as a user would name their
 * servers; the function returned takes them out again (a suite's `after`).
 */
export async function useSources(
  sources: readonly { readonly name?: string; readonly url: string; readonly tenant?: string }[],
  target: vscode.ConfigurationTarget = vscode.ConfigurationTarget.Global,
): Promise<() => Promise<void>> {
  const settings = vscode.workspace.getConfiguration('perflens');
  await settings.update('sources', sources, target);
  return async () => {
    await vscode.workspace.getConfiguration('perflens').update('sources', undefined, target);
  };
}

export function workspaceFile(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, rel);
}

/** 0-based line of the `// HOT:<tag>` marker in a workspace file: the truth the program's author wrote down. */
export async function markerLine(uri: vscode.Uri, tag: string): Promise<number> {
  const doc = await vscode.workspace.openTextDocument(uri);
  for (let l = 0; l < doc.lineCount; l++) if (doc.lineAt(l).text.includes(`// HOT:${tag}`)) return l;
  throw new Error(`no HOT:${tag} in ${uri.fsPath}`);
}

/** Open a file and wait for PerfLens to draw its heat. */
export async function openAndRender(api: PerfLensApi, uri: vscode.Uri): Promise<{ editor: vscode.TextEditor; plan: readonly PlannedLine[] }> {
  const rendered = new Promise<readonly PlannedLine[]>((resolve) => {
    const sub = api.heat.onDidRender((e) => {
      if (e.uri.toString() === uri.toString() && e.plan.length > 0) { sub.dispose(); resolve(e.plan); }
    });
  });
  const editor = await vscode.window.showTextDocument(uri);
  const plan = await Promise.race([rendered, new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`no heat drawn within ${DEADLINE_MS / 1000} s`)), DEADLINE_MS))]);
  return { editor, plan };
}

/** Enter in the quick input: a list's first item, a box's prefilled text. */
export const ENTER = 'workbench.action.acceptSelectedQuickOpenItem';

/** Moves a pick's focus to its last item. */
export const LAST = 'quickInput.last';

/**
 * Runs `start` (a command that asks questions) and answers each question PerfLens puts on screen as a user would,
 * with the quick-input commands `answer` names (default: Enter). A pick is answered once its list is on screen (the
 * workbench says which item has the focus), and after LAST once the focus is on the last item: a key pressed before
 * the list is drawn does nothing, and Enter would take the first item. Resolves with what `start` resolved to and
 * the questions asked, in order.
 */
export async function answerPrompts<T>(start: () => Thenable<T>, answer: (q: Question) => readonly string[] = () => [ENTER]): Promise<{ result: T; asked: Question[] }> {
  const api = await perflens().activate();
  const asked: Question[] = [];
  const focused = (q: Question) => q.active?.();
  const sub = api.prompts.onDidAsk((q) => {
    asked.push(q);
    void (async () => {
      if (q.kind === 'pick' && q.items.length > 0) await until(() => focused(q) !== undefined, `the list of "${q.prompt ?? q.title}" on screen`);
      for (const command of answer(q)) {
        await vscode.commands.executeCommand(command);
        if (command === LAST) await until(() => focused(q) === q.items[q.items.length - 1], `the focus on the last item of "${q.prompt ?? q.title}"`);
      }
    })();
  });
  try {
    return { result: await start(), asked };
  } finally {
    sub.dispose();
  }
}
