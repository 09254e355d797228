// What the profile worker keeps between requests: the models of the last sets of files (with their workspace
// mappings), and the files it already reported as unreadable. Handlers get it next to their request.
import { ModelCache } from './modelCache';

export class WorkerState {
  readonly models = new ModelCache();
  private readonly reported = new Set<string>();

  constructor(private readonly tell: (file: string, reason: string) => void) {}

  /** A file that does not decode, told to the extension host once per file and reason. */
  readonly reportBadFile = (file: string, reason: string): void => {
    const key = `${file}\u0000${reason}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.tell(file, reason);
  };

  /** Lets the models go (the worker has been idle a while). */
  release(): void {
    this.models.clear();
  }
}
