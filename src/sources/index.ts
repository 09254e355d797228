/**
 * src/sources public API: profile sources behind one interface (types.ts), made from a URL or config
 * (source-config.ts; the CLI's create-source.ts reads profiles in its own thread), plus the store writer, the disk cache, workspace service detection and git version mapping.
 * Pure Node: no `vscode` import anywhere in this folder.
 */
export type { CallOptions, FetchedProfile, FetchQuery, ListOptions, ProfileSource, ProfileTypeInfo, ProgressEvent, SourceKind, TimeRange, VersionInfo } from './types';
export { SourceError, isSourceError, type SourceErrorKind } from './errors';
export { makeSource, parseSourceSpec, type SourceConfig, type SourceDeps } from './source-config';
export type { DescribeBytes, DescribeFiles, ProfileDescriber } from './profile-metadata';
export { CANONICAL_TYPES, canonicalProfileType, canonicalTypeInfo, canonicalTypesOfSampleTypes, sampleTypeFor, typesOfGoEndpoint, type CanonicalType } from './profile-types';
export { StoreSource, type StoreSourceOptions } from './store/store-source';
export { writeStoreProfile, type StoreProfileToWrite } from './store/store-writer';
export { defaultStorePath } from './store/layout';
export { PprofHttpSource, type PprofHttpOptions } from './pprof-http/pprof-http-source';
export { PyroscopeSource, type PyroscopeOptions } from './pyroscope/pyroscope-source';
export { ParcaSource, type ParcaOptions } from './parca/parca-source';
export { FetchCache, identityOf } from './cache/fetch-cache';
export { CachedSource } from './cache/cached-source';
export { credentialsFromEnv, type Credentials } from './http/auth';
export { nodeHttpTransport, type HttpTransport, type HttpRequest, type HttpResponse } from './http/transport';
export { redactUrl } from './http/redact';
export { equalTo, labelSelector } from './label-selector';
export { detectWorkspaceService, type ServiceGuess, type WorkspaceFileReader } from './workspace-service';
export { mapVersionsToGit, commitsOnBranch, type GitVersionMatch } from './git/git-versions';
export { deployedFromBranch, previousRelease } from './git/release-picks';
export { GitDisabledError, type GitRunOptions } from './git/run-git';
export { parseTimeSpec, lastRange } from './time-range';
