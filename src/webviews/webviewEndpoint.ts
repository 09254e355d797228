// The extension host's end of a webview page's channel (src/rpc): messages from the page come in through the
// webview, replies and events go out through it (VS Code copies their ArrayBuffers into the page).
import type * as vscode from 'vscode';
import { Endpoint } from '../rpc/endpoint';
import type { Vocabulary } from '../rpc/protocol';

export function webviewEndpoint<Local extends Vocabulary, Remote extends Vocabulary>(
  webview: vscode.Webview, name: string, log: vscode.LogOutputChannel,
): { readonly endpoint: Endpoint<Local, Remote>; readonly subscription: vscode.Disposable } {
  const endpoint = new Endpoint<Local, Remote>({
    // A page that is gone takes nothing: VS Code's promise says so, and no one waits for it.
    post: (m) => { void Promise.resolve(webview.postMessage(m)).catch(() => {}); },
  }, { name, log: (line) => log.warn(line) });
  const subscription = webview.onDidReceiveMessage((m: unknown) => endpoint.receive(m));
  return { endpoint, subscription };
}
