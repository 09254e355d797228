/**
 * What one ingest protocol (an HTTP path of the ingest server) provides. The server does everything protocols
 * share — bearer token, body cap, uploads in flight, reading the whole body before any answer, undoing
 * `Content-Encoding: gzip`, writing to the store — and hands each route an upload already read in full. A route
 * turns it into profiles to store, or throws IngestRequestError; it also says how its clients expect answers
 * (plain text for Pyroscope's /ingest, Connect's JSON errors for Connect routes...).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ProfileLimits } from '../../core/profile/limits';

export class IngestRequestError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export interface IngestUpload {
  readonly params: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The request body, read in full under the cap, with any `Content-Encoding: gzip` undone. */
  readonly body: Buffer;
  /** When the upload arrived, epoch ms. */
  readonly nowMs: number;
  readonly limits: Partial<ProfileLimits> | undefined;
}

/** One profile to write into the store, already stamped with its service/version comments. */
export interface IngestedProfile {
  readonly service: string;
  readonly version: string;
  /** The store folder's type (a canonical type: cpu, wall, alloc_space, mutex_delay, block_delay...). */
  readonly type: string;
  readonly timeMs: number;
  readonly bytes: Uint8Array;
}

export interface IngestReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string | Uint8Array;
}

export interface IngestRoute {
  /** The exact request path this route serves (POST only). */
  readonly path: string;
  /** What the route is, for the 404 that lists the routes. */
  readonly title: string;
  /** The profiles in the upload; throws IngestRequestError for a request it refuses. */
  accept(upload: IngestUpload): Promise<readonly IngestedProfile[]> | readonly IngestedProfile[];
  /** The answer once every profile is stored. */
  success(): IngestReply;
  /** A refusal in the form the route's clients read (`message` is one line). */
  refusal(status: number, message: string): IngestReply;
}

/** Plain-text refusals: what Pyroscope's HTTP API answers and what curl users read. */
export function textRefusal(status: number, message: string): IngestReply {
  return { status, contentType: 'text/plain; charset=utf-8', body: `${message}\n` };
}
