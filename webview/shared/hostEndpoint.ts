// A page's end of its channel to the extension host (src/rpc): requests and events go out through VS Code's
// postMessage; whatever the host posts comes in through the window's message events.
import { Endpoint } from '../../src/rpc/endpoint';
import type { Vocabulary } from '../../src/rpc/protocol';
import type { VsCodeApi } from './vscodeApi';

export function hostEndpoint<Local extends Vocabulary, Remote extends Vocabulary>(api: VsCodeApi<unknown>): Endpoint<Local, Remote> {
  const endpoint = new Endpoint<Local, Remote>({ post: (m) => api.postMessage(m) }, { name: 'extension host', log: (line) => console.warn(line) });
  window.addEventListener('message', (e: MessageEvent<unknown>) => endpoint.receive(e.data));
  return endpoint;
}
