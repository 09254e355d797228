// A shown profile's function details (each function row's callers, callees and span names): asked for right after
// its analysis, as background work, so the heat never waits for them; whoever comes to wait on them (a hover, an
// agent) raises the request to a user's. A request that ends without them while the profile is still shown (it
// failed, the worker went away, something other than the profile going cancelled it) is asked again by the next one
// who waits on them — once per load: when that fails too, the functions stay without them (no loop).
import { Urgency } from '../rpc/endpoint';
import type { Priority } from '../rpc/protocol';
import type { FunctionDetails } from '../shared/workerProtocol';

/** How a load's details are asked for, at this priority, raised to a user's with the urgency. */
export type AskForDetails = (options: { readonly priority: Priority; readonly urgency: Urgency }) => Promise<FunctionDetails>;

export interface FunctionDetailsOptions {
  /** Aborted when the profile is no longer shown: what ends then is not asked again, nor reported. */
  readonly shownUntil?: AbortSignal;
  /** A request ended without the details (`again`: a later wait asks once more). */
  readonly failed: (e: unknown, again: boolean) => void;
}

/** Asked once, and once more after a failure. */
const ATTEMPTS = 2;

export class FunctionDetailsRequest {
  private readonly urgency = new Urgency();
  private attempts = 0;
  /** True once the details are held. */
  private answer: Promise<boolean>;

  /** Asks at once, as background work. @param hold takes the details that came */
  constructor(private readonly ask: AskForDetails, private readonly hold: (details: FunctionDetails) => void, private readonly options: FunctionDetailsOptions) {
    this.answer = this.send('background');
  }

  /** Resolves when the details are held, or when asking for them ended without (never rejects). */
  async wait(): Promise<void> {
    this.urgency.raise();
    const answer = this.answer;
    if (await answer) return;
    // The first to find them missing asks again; who finds them missing with that ask under way waits on it.
    if (this.answer === answer && this.attempts < ATTEMPTS && !this.options.shownUntil?.aborted) this.answer = this.send('user');
    await this.answer;
  }

  private send(priority: Priority): Promise<boolean> {
    this.attempts++;
    const again = this.attempts < ATTEMPTS;
    return this.ask({ priority, urgency: this.urgency }).then(
      (details) => {
        this.hold(details);
        return true;
      },
      (e: unknown) => {
        if (!this.options.shownUntil?.aborted) this.options.failed(e, again);
        return false;
      },
    );
  }
}
