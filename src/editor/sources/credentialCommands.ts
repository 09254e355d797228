// "PerfLens: Set Credentials for a Source..." / "Forget Credentials...": a bearer token or user + password for a
// remote source, saved in SecretStorage for that server's origin only.
import * as vscode from 'vscode';
import { pickOne, askText } from '../prompts';
import type { CredentialStore } from './credentialStore';
import { configuredSources, credentialOrigin } from './sourceSettings';

async function pickRemote(title: string): Promise<string | undefined> {
  const remotes = configuredSources().sources.flatMap((s) => {
    const origin = credentialOrigin(s.config);
    return origin ? [{ label: s.name, description: origin, origin }] : [];
  });
  if (remotes.length === 0) {
    void vscode.window.showInformationMessage('PerfLens: no remote source is configured. Add one to the "perflens.sources" setting (user settings).');
    return undefined;
  }
  return (await pickOne(remotes, { title, placeHolder: 'Which server?' }))?.origin;
}

export async function setCredentials(store: CredentialStore): Promise<void> {
  const title = 'PerfLens: credentials';
  const origin = await pickRemote(title);
  if (!origin) return;
  const kind = await pickOne([
    { label: 'Bearer token', detail: 'Grafana service-account token (glsa_…), Grafana Cloud, Polar Signals', value: 'token' as const },
    { label: 'User and password', detail: 'Basic auth: Grafana Cloud user id + access-policy token, an authenticating proxy', value: 'basic' as const },
  ], { title, placeHolder: `How does ${origin} authenticate?` });
  if (!kind) return;
  if (kind.value === 'token') {
    const token = await askText({ title, prompt: `Token for ${origin} (kept in VS Code's secret storage, sent only to ${origin})`, password: true, ignoreFocusOut: true });
    if (!token) return;
    await store.set(origin, { token: token.trim() });
  } else {
    const username = await askText({ title, prompt: `User for ${origin}`, ignoreFocusOut: true });
    if (!username) return;
    const password = await askText({ title, prompt: `Password or token for ${username} at ${origin}`, password: true, ignoreFocusOut: true });
    if (!password) return;
    await store.set(origin, { username, password });
  }
  void vscode.window.showInformationMessage(`PerfLens: credentials saved for ${origin}.`);
}

export async function forgetCredentials(store: CredentialStore): Promise<void> {
  const origin = await pickRemote('PerfLens: forget credentials');
  if (!origin) return;
  await store.delete(origin);
  void vscode.window.showInformationMessage(`PerfLens: credentials for ${origin} removed.`);
}
