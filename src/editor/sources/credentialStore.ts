// Tokens and passwords live in VS Code's SecretStorage only, keyed by the server's origin: a credential is sent
// only to the origin it was saved for, whichever setting names a URL. Nothing here is ever logged.
import type * as vscode from 'vscode';
import type { Credentials } from '../../sources';

const KEY_PREFIX = 'perflens.credentials:';

export class CredentialStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(origin: string): Promise<Credentials | undefined> {
    const raw = await this.secrets.get(KEY_PREFIX + origin);
    if (!raw) return undefined;
    try {
      const parsed = JSON.parse(raw) as Credentials;
      return parsed && typeof parsed === 'object' ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  async set(origin: string, credentials: Credentials): Promise<void> {
    await this.secrets.store(KEY_PREFIX + origin, JSON.stringify(credentials));
  }

  async delete(origin: string): Promise<void> {
    await this.secrets.delete(KEY_PREFIX + origin);
  }
}
