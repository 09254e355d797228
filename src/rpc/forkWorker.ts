// How a worker process is started: a Node child of this process with an IPC channel, the way VS Code's language
// clients fork their servers. process.execPath is Electron in desktop VS Code (ELECTRON_RUN_AS_NODE makes it Node)
// and Node in the VS Code server. 'advanced' serialization (V8's structured clone) carries typed arrays and
// ArrayBuffers as they are (copied). The parent's own execArgv and NODE_OPTIONS (an inspector port, the host's
// flags) are not passed on.
import { fork, type ChildProcess } from 'node:child_process';

export function forkWorker(entry: string, execArgv: readonly string[] = []): ChildProcess {
  return fork(entry, [], {
    serialization: 'advanced',
    execArgv: [...execArgv],
    env: workerEnv(),
    // stdout unused; stderr read by the client (the worker's warnings, a crash's last words).
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
}

/**
 * The parent's environment for Node, without NODE_OPTIONS: a `--require` of the shell VS Code was started from, or an
 * `--inspect` port, would break or collide in every worker started (the flags the worker needs are its execArgv).
 */
function workerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  delete env.NODE_OPTIONS;
  return env;
}
