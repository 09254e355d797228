/**
 * `perflens <command> [options]`: finds the command in the table (commands.ts) and runs it. Testable in-process:
 * `await runCli(['top', 'cpu.pb.gz', '--json'], { stdout, stderr })` returns the exit code.
 */
import { COMMANDS } from './commands';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from './io';

export function mainHelp(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length));
  return [
    'perflens: production profiles (pprof) in your editor, and on the command line.',
    '',
    'Usage: perflens <command> [options]',
    '',
    'Commands:',
    ...names.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n].summary}`),
    '',
    "Run 'perflens <command> --help' for a command's options.",
    '',
  ].join('\n');
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic !== undefined && topic in COMMANDS) {
      io.stdout.write((await COMMANDS[topic].load()).command.help);
      return EXIT_OK;
    }
    (name === undefined ? io.stderr : io.stdout).write(mainHelp());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    io.stderr.write(`perflens: unknown command '${name}'. Run 'perflens --help' for the list of commands.\n`);
    return EXIT_USAGE;
  }
  const { command } = await COMMANDS[name].load();
  try {
    return await command.run(rest, io);
  } catch (e) {
    io.stderr.write(`perflens ${name}: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT_FAILURE;
  }
}
