// What every command does with --help and with arguments it cannot read (src/cli/commandArgs.ts, diffArgs.ts,
// sourceFlags.ts serve them all): help on stdout with exit 0, else one usage line and a hint on stderr with exit 2.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runFetch } from '../../../src/cli/commands/fetch';
import { runSources } from '../../../src/cli/commands/sources';
import { COMMANDS } from '../../../src/cli/commands';
import { runCliCaptured } from './helpers/runCliInProcess';

async function helpOf(name: string): Promise<string> {
  return (await COMMANDS[name].load()).command.help;
}

function usageLine(name: string, message: string): string {
  return `perflens ${name}: ${message}\nRun 'perflens ${name} --help' for usage.\n`;
}

async function captured(run: (io: { stdout: { write(s: string): void }; stderr: { write(s: string): void } }) => Promise<number>) {
  let stdout = '';
  let stderr = '';
  const code = await run({ stdout: { write: (s) => (stdout += s) }, stderr: { write: (s) => (stderr += s) } });
  return { code, stdout, stderr };
}

describe('commands with positionals: top, lines, fetch, sources', () => {
  for (const name of ['top', 'lines', 'fetch', 'sources']) {
    it(`${name}: -h and --help print the help and exit 0`, async () => {
      for (const flag of ['-h', '--help']) {
        const r = await runCliCaptured([name, flag]);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, await helpOf(name));
        assert.equal(r.stderr, '');
      }
    });

    it(`${name}: an unknown option is one usage line, without parseArgs' advice about '--'`, async () => {
      const r = await runCliCaptured([name, '--bogus']);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, usageLine(name, "Unknown option '--bogus'."));
    });

    it(`${name}: --help after an unknown option is still a usage error`, async () => {
      const r = await runCliCaptured([name, '--bogus', '--help']);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
    });
  }
});

describe('commands with --base/--head: diff, check', () => {
  for (const name of ['diff', 'check']) {
    it(`${name}: --help anywhere prints the help, even where a profile file was expected`, async () => {
      const r = await runCliCaptured([name, '--base', '--help']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, await helpOf(name));
    });

    it(`${name}: a side without files, and an unknown option, are usage errors`, async () => {
      const noFile = await runCliCaptured([name, '--base']);
      assert.equal(noFile.code, 2);
      assert.equal(noFile.stderr, usageLine(name, '--base needs at least one profile file'));
      const unknown = await runCliCaptured([name, '--bogus']);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, new RegExp(`^perflens ${name}: Unknown option '--bogus'\\.?\nRun 'perflens ${name} --help' for usage\\.\n$`));
    });
  }
});

describe('commands that ask a source: fetch, sources', () => {
  const runs = {
    fetch: (args: string[], env: Record<string, string>) => captured((io) => runFetch(['some-store', '--service', 's', '--type', 'cpu', '-o', 'out.pb.gz', ...args], io, env)),
    sources: (args: string[], env: Record<string, string>) => captured((io) => runSources(['ls', 'some-store', ...args], io, env)),
  };
  for (const [name, run] of Object.entries(runs)) {
    it(`${name}: an unreadable --from or a --from after --to is a usage error, before the source is asked`, async () => {
      const unreadable = await run(['--from', 'last tuesday'], {});
      assert.equal(unreadable.code, 2);
      assert.match(unreadable.stderr, new RegExp(`^perflens ${name}: --from: cannot read 'last tuesday' as a time`));
      const reversed = await run(['--from', 'now', '--to', 'now-1h'], {});
      assert.equal(reversed.code, 2);
      assert.equal(reversed.stderr, usageLine(name, '--from must be before --to'));
    });

    it(`${name}: two kinds of credentials in the environment are a usage error naming the command`, async () => {
      const r = await run([], { PERFLENS_TOKEN: 'secret-token', PERFLENS_BASIC_AUTH: 'user:pass' });
      assert.equal(r.code, 2);
      assert.match(r.stderr, new RegExp(`^perflens ${name}: .*PERFLENS_TOKEN.*PERFLENS_BASIC_AUTH`));
      assert.doesNotMatch(r.stderr, /secret-token|user:pass/);
    });
  }
});
