// The parts of the symbolication core that need Node (child_process, fs): the CLI and the desktop extension host.

export { Git, GitDisabledError, GitError, isSafeRevision, type GitOptions, type GitRename } from './git';
export { walkWorkspace, defaultSkipFolders, isInside, type WalkOptions, type WalkResult } from './walk';
export { fileSystemReader } from './fs-workspace';
