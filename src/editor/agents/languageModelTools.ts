// The agent tools in the editor: VS Code's language-model tool API (`contributes.languageModelTools` +
// `vscode.lm.registerTool`), so chat agents can ask about the loaded profile — the same questions `perflens mcp`
// answers. Read-only and bounded; the answers come from what the editor already computed. In an untrusted
// workspace the tools refuse: the profile's names would reach the agent as text.
import * as vscode from 'vscode';
import { workspaceRelativePath } from '../../core/answers/workspacePath';
import type { AgentAnswer } from '../../core/answers/answer';
import type { DiffController } from '../diff/diffController';
import type { ProfileSession } from '../profileSession';
import { compareAnswer, functionDetailAnswer, lineCostsAnswer, topFunctionsAnswer } from './profileAnswers';

export const TOOL_NAMES = ['perflens_top_functions', 'perflens_line_costs', 'perflens_function_detail', 'perflens_compare'] as const;

interface ToolInput {
  limit?: number;
  order?: 'self' | 'total';
  file?: string;
  function?: string;
}

export function registerLanguageModelTools(session: ProfileSession, diff: DiffController, log: vscode.LogOutputChannel): vscode.Disposable[] {
  if (typeof vscode.lm?.registerTool !== 'function') return [];
  try {
    return tools(session, diff);
  } catch (e) {
    // An editor without the language-model API's tools (or with chat turned off) still gets every other feature.
    log.warn(`language-model tools not registered: ${e instanceof Error ? e.message : String(e)}`);
    return [];
  }
}

function tools(session: ProfileSession, diff: DiffController): vscode.Disposable[] {
  const tool = (name: (typeof TOOL_NAMES)[number], answer: (input: ToolInput) => AgentAnswer<object>, what: (input: ToolInput) => string): vscode.Disposable =>
    vscode.lm.registerTool<ToolInput>(name, {
      prepareInvocation: (options) => ({ invocationMessage: `PerfLens: ${what(options.input ?? {})}` }),
      invoke: async (options) => {
        if (!vscode.workspace.isTrusted) return result('PerfLens does not answer agents in an untrusted workspace (the profile\'s names could steer them). Trust the workspace to use its tools.');
        const input = options.input ?? {};
        // A function's callers, callees and span names may come after the rest of the profile (an agent waits: asked first).
        await session.current?.profile.functionDetails?.();
        const a = answer(input);
        return result(a.text, a.structured);
      },
    });
  const loaded = () => {
    const p = session.current?.profile;
    if (!p) throw new vscode.LanguageModelError('No profile is loaded in PerfLens. Load one with "PerfLens: Load Profiles from a Source..." or "Open Profile File...".');
    return p;
  };
  return [
    tool('perflens_top_functions', (i) => topFunctionsAnswer(loaded(), i.limit, i.order), () => 'top functions of the loaded profile'),
    tool('perflens_line_costs', (i) => {
      const checked = workspaceRelativePath(String(i.file ?? ''));
      if ('error' in checked) return { text: `Refused: ${checked.error}.`, structured: { refused: checked.error } };
      return lineCostsAnswer(loaded(), checked.path, (path, line) => {
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === path);
        return doc && line >= 1 && line <= doc.lineCount ? doc.lineAt(line - 1).text : undefined;
      });
    }, (i) => `cost per line of ${String(i.file ?? '')}`),
    tool('perflens_function_detail', (i) => functionDetailAnswer(loaded(), String(i.function ?? '').slice(0, 1024)), (i) => `details of ${String(i.function ?? '').slice(0, 80)}`),
    tool('perflens_compare', (i) => compareAnswer(diff.current, i.limit), () => 'the release comparison shown'),
  ];
}

function result(text: string, structured?: object): vscode.LanguageModelToolResult {
  const parts: vscode.LanguageModelTextPart[] = [new vscode.LanguageModelTextPart(text)];
  if (structured) parts.push(new vscode.LanguageModelTextPart(`Structured: ${JSON.stringify(structured)}`));
  return new vscode.LanguageModelToolResult(parts);
}
