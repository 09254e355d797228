/**
 * The ingest server's protocols, one route per HTTP path. A new protocol is a new IngestRoute in its own file,
 * added to this list.
 */
import { connectPushRoute } from './connect-push';
import type { IngestRoute } from './ingest-route';
import { pyroscopeIngestRoute } from './pyroscope-ingest';

export const INGEST_ROUTES: readonly IngestRoute[] = [pyroscopeIngestRoute, connectPushRoute];
