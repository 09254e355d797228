// Every question PerfLens asks in the quick input: a pick from a list, or a line of text. Each is handed to the
// workbench whole (its items and its showing in one update, which window.showQuickPick does not guarantee: it
// sends the items after the picker opens), then announced on `onDidAsk`, so a script driving PerfLens (a
// keybinding macro, the in-host tests) answers a question once it is on screen instead of guessing when it will be.
import * as vscode from 'vscode';

/** A question on screen: what it asks and, for a pick, the labels offered in order. */
export interface Question {
  readonly kind: 'pick' | 'text';
  readonly title?: string;
  /** The pick's placeholder or the text box's prompt. */
  readonly prompt?: string;
  readonly items: readonly string[];
  /**
   * A pick's item that has the focus now, as the workbench last said (undefined until its list is on screen): what
   * Enter would accept.
   */
  readonly active?: () => string | undefined;
}

const asked = new vscode.EventEmitter<Question>();
/** Fires when a question is on screen with its items. */
export const onDidAsk = asked.event;
/** Disposed with the extension. */
export const promptEvents: vscode.Disposable = asked;

export interface PickOptions {
  readonly title?: string;
  readonly placeHolder?: string;
  readonly matchOnDescription?: boolean;
  readonly ignoreFocusOut?: boolean;
}

/** One item of `items`; undefined when the user dismisses the list. */
export function pickOne(items: readonly string[], options?: PickOptions): Promise<string | undefined>;
export function pickOne<T extends vscode.QuickPickItem>(items: readonly T[], options?: PickOptions): Promise<T | undefined>;
export async function pickOne<T extends vscode.QuickPickItem>(items: readonly (T | string)[], options: PickOptions = {}): Promise<T | string | undefined> {
  if (items.every((i) => typeof i === 'string')) return (await pickItem(items.map((label) => ({ label })), options))?.label;
  return pickItem(items as readonly T[], options);
}

function pickItem<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions): Promise<T | undefined> {
  const picker = vscode.window.createQuickPick<T>();
  picker.title = options.title;
  picker.placeholder = options.placeHolder;
  picker.matchOnDescription = options.matchOnDescription ?? false;
  picker.ignoreFocusOut = options.ignoreFocusOut ?? false;
  picker.items = items;
  return new Promise((resolve) => {
    let answer: T | undefined;
    picker.onDidAccept(() => {
      answer = picker.selectedItems[0] ?? picker.activeItems[0];
      if (answer) picker.hide();
    });
    picker.onDidHide(() => {
      picker.dispose();
      resolve(answer);
    });
    picker.show();
    asked.fire({ kind: 'pick', title: options.title, prompt: options.placeHolder, items: items.map((i) => i.label), active: () => picker.activeItems[0]?.label });
  });
}

/** A line of text, checked by `validateInput` before it is accepted; undefined when the user dismisses the box. */
export function askText(options: vscode.InputBoxOptions): Promise<string | undefined> {
  const box = vscode.window.createInputBox();
  box.title = options.title;
  box.prompt = options.prompt;
  box.placeholder = options.placeHolder;
  box.value = options.value ?? '';
  box.password = options.password ?? false;
  box.ignoreFocusOut = options.ignoreFocusOut ?? false;
  const problem = async (value: string) => (await options.validateInput?.(value)) ?? undefined;
  return new Promise((resolve) => {
    let answer: string | undefined;
    // The message of the newest value only: an older check that finishes late must not overwrite it.
    let checked = 0;
    const check = async (value: string) => {
      const mine = ++checked;
      const message = await problem(value);
      if (mine === checked) box.validationMessage = message;
      return message;
    };
    box.onDidChangeValue((value) => void check(value));
    box.onDidAccept(async () => {
      const value = box.value;
      if (await check(value)) return;
      answer = value;
      box.hide();
    });
    box.onDidHide(() => {
      box.dispose();
      resolve(answer);
    });
    void check(box.value);
    box.show();
    asked.fire({ kind: 'text', title: options.title, prompt: options.prompt, items: [] });
  });
}
