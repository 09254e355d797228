// The profile function the editor's cursor is in, for "Show in Flame Graph" from the context menu: the function
// whose name is under the cursor, else the one whose cost starts nearest above the cursor in this file.
import * as vscode from 'vscode';
import { declaredName } from '../../editor/functionNames';
import type { ProfileSession } from '../../editor/profileSession';
import type { FunctionRef } from '../../shared/flamegraphProtocol';

export function functionAtCursor(session: ProfileSession, editor: vscode.TextEditor): FunctionRef | undefined {
  const fns = session.functionsIn(editor.document.uri);
  if (fns.length === 0) return undefined;
  const position = editor.selection.active;
  const range = editor.document.getWordRangeAtPosition(position, /[\p{L}_$][\p{L}\p{N}_$]*/u);
  const word = range ? editor.document.getText(range) : undefined;
  const named = word ? fns.filter((f) => declaredName(f.name) === word).sort((a, b) => b.cum - a.cum)[0] : undefined;
  if (named) return { name: named.name, profileFile: named.profileFile };
  const line = position.line + 1;
  // Cost lines sit inside the body, a little below the declaration the cursor may be on.
  const above = fns.filter((f) => f.firstLine > 0 && f.firstLine <= line + 3).sort((a, b) => b.firstLine - a.firstLine || b.cum - a.cum)[0];
  return above ? { name: above.name, profileFile: above.profileFile } : undefined;
}
