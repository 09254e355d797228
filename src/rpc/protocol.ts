// The wire of every PerfLens channel (extension host ↔ profile worker, extension host ↔ each webview page): one tag,
// `kind`, on every message. A request carries an id and is answered once, by a reply or an error, with any number of
// progress messages before; either side may cancel a request it sent, or raise a background one it sent to a user's
// (someone came to wait on it). An event has no id and no answer.
// Pure types and constants: imported by node code and by webview pages alike.

/** How urgent a request is: the user waits on `user` requests; `background` work gives way to them between steps. */
export type Priority = 'user' | 'background';

/**
 * One side's vocabulary: the requests it answers (params → result) and the events it listens to (payload).
 * A channel has two vocabularies, one per side; each side's endpoint is typed by both.
 */
export interface Vocabulary {
  readonly requests: { readonly [kind: string]: { readonly params: unknown; readonly result: unknown } };
  readonly events: { readonly [kind: string]: unknown };
}

export type RequestKind<V extends Vocabulary> = keyof V['requests'] & string;
export type EventKind<V extends Vocabulary> = keyof V['events'] & string;
export type ParamsOf<V extends Vocabulary, K extends RequestKind<V>> = V['requests'][K]['params'];
export type ResultOf<V extends Vocabulary, K extends RequestKind<V>> = V['requests'][K]['result'];
export type PayloadOf<V extends Vocabulary, K extends EventKind<V>> = V['events'][K];

/** The kinds the endpoint itself uses; no vocabulary may name a request or event so. */
export const CONTROL_KINDS = ['reply', 'error', 'progress', 'cancel', 'raise'] as const;
export type ControlKind = (typeof CONTROL_KINDS)[number];

export type Envelope =
  | { readonly kind: string; readonly id: number; readonly params: unknown; readonly priority?: Priority }
  | { readonly kind: string; readonly params: unknown }
  | { readonly kind: 'reply'; readonly id: number; readonly result: unknown }
  /** `cancelled`: the request ended because it was cancelled (not a failure to report). */
  | { readonly kind: 'error'; readonly id: number; readonly message: string; readonly cancelled?: boolean }
  | { readonly kind: 'progress'; readonly id: number; readonly message: string }
  | { readonly kind: 'cancel'; readonly id: number }
  /** The request's sender now waits on it: a background request becomes a user's. */
  | { readonly kind: 'raise'; readonly id: number };
