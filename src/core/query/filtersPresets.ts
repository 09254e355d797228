/**
 * Named frame filters for runtime noise, one per runtime, and "my code only".
 *
 * A noise preset drops the samples whose stack passes through one of its frames (as an `ignore` would): idle
 * time, the scheduler, garbage-collector and JIT threads are real cost of the process, but rarely what a person
 * reading a service's profile is after (Parca's "expected off-CPU" presets and Datadog's filters do the same).
 * The patterns are ours, so they are JavaScript regular expressions tested against a function's name; each
 * distinct name is tested once per evaluation.
 *
 * `app-only` ("my code only") is not a pattern: every run of consecutive frames that are not the workspace's own
 * code (dependencies, runtime, unmapped) becomes one frame of its kind, so every view shows which of *your*
 * functions cost what, and through which kind of code. It needs the workspace mapping (kind of code per frame).
 */

/** A function is noise when its name matches `name` and, if given, its file matches `file`. */
export interface NoiseRule {
  readonly name: RegExp;
  readonly file?: RegExp;
}

export interface NoisePreset {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Samples through a function any rule matches are dropped. */
  readonly rules: readonly NoiseRule[];
}

export const APP_ONLY_PRESET = 'app-only';

export const NOISE_PRESETS: readonly NoisePreset[] = [
  {
    id: 'go-runtime',
    title: 'Go runtime: scheduler, idle and GC workers',
    description: 'Drops samples in the Go scheduler (runtime.schedule, findRunnable, mcall, park_m…), idle/sleeping Ms, sysmon and the background GC mark, sweep and scavenge workers. GC assists on your goroutines stay.',
    rules: [{ name: /^runtime\.(gcBgMarkWorker|bgsweep|bgscavenge|schedule|findRunnable|findrunnable|mcall|park_m|goschedImpl|gopreempt_m|mstart|mstart0|mstart1|sysmon|stopm|notesleep|notetsleep|notetsleepg|usleep|futexsleep|runqgrab|stealWork|netpollblock)$/ }],
  },
  {
    id: 'node-runtime',
    title: 'V8: idle, program and garbage collector',
    description: "Drops V8's pseudo-frames (idle), (program) and (garbage collector), as @datadog/pprof and the Pyroscope Node SDK write them.",
    rules: [{ name: /(^|:)\((idle|program|garbage collector)\)(:\d+)?$/ }],
  },
  {
    id: 'jvm-runtime',
    title: 'JVM: idle threads, GC, JIT and VM threads',
    description: 'Drops sleeping, waiting and parked Java threads, selector and accept waits, and the JVM\'s own GC, compiler and VM threads (async-profiler native frames).',
    rules: [{ name: new RegExp([
      '^java[./]lang[./]Thread\\.(sleep|sleep0|yield|onSpinWait)$',
      '^java[./]lang[./]Object\\.wait0?$',
      '^(jdk[./]internal[./]misc|sun[./]misc)[./]Unsafe\\.park$',
      '^sun[./]nio[./]ch[./](EPoll\\.wait|KQueue\\.poll|Net\\.poll|Net\\.accept|WEPoll\\.wait)$',
      '^java[./]net[./]PlainSocketImpl\\.socketAccept$',
      '(^|\\.so\\.)(GangWorker::run|WorkerThread::run|ConcurrentGCThread::run|GCTaskThread::run|VMThread::run|WatcherThread::run|G1\\w*Thread::run\\w*|CompileBroker::compiler_thread_loop)(\\(\\))?$',
    ].join('|')) }],
  },
  {
    id: 'python-runtime',
    title: 'Python: idle waits',
    description: 'Drops threads waiting in threading (wait, join, lock acquisition), selectors/select, socket accept and queue gets, as py-spy and the Pyroscope Python SDK name them.',
    rules: [
      // py-spy: the function's own name, in the standard library's file.
      { name: /^(wait|_wait_for_tstate_lock|join|select|poll|accept|get|sleep)$/, file: /(^|\/)(threading|selectors|socket|socketserver|queue|subprocess)\.py$/ },
      // The Pyroscope Python SDK writes "file.py:line - function" as the name.
      { name: /(^|\/)(threading|selectors|socket|socketserver|queue|subprocess)\.py:-?\d+ - (wait|_wait_for_tstate_lock|join|select|poll|accept|get|sleep)$/ },
    ],
  },
];

export const PRESET_IDS: readonly string[] = [...NOISE_PRESETS.map((p) => p.id), APP_ONLY_PRESET];

export function noisePreset(id: string): NoisePreset | undefined {
  return NOISE_PRESETS.find((p) => p.id === id);
}

/** The noise presets with a rule that matches one of `functions` (name and file): the runtimes a profile has noise of. */
export function presetsMatching(functions: readonly { readonly name: string; readonly file: string }[]): Set<string> {
  const found = new Set<string>();
  for (const p of NOISE_PRESETS) {
    if (functions.some((f) => p.rules.some((r) => r.name.test(f.name) && (!r.file || r.file.test(f.file))))) found.add(p.id);
  }
  return found;
}
