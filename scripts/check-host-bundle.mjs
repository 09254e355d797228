// The extension host never decodes, gunzips or aggregates a profile (docs/architecture.md): the profile worker does.
// Checked on what the host really runs — the code esbuild bundles from src/extension.ts — so no import chain, however
// indirect, can bring a reader, the decoder, zlib's gunzip, the model or an aggregator back onto the host.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';

/** Code that decodes, gunzips, builds the model or aggregates: the profile worker's and the CLI's, never the host's. */
const PROFILE_WORK = [
  /^src\/core\/readers\/(?!fileNames\.ts$)/, // every reader (file-name conventions excepted: no bytes read)
  /^src\/core\/profile\/(decode|gunzip|fileBytes)\.ts$/,
  /^src\/core\/model\/(?!profileLabels\.ts$)/, // the model (the label keys' list excepted: names only)
  /^src\/core\/(aggregate|workspace)\//,
  /^src\/core\/query\/(select|filtersApply|filtersMatch|labelsMatch|labelsGroupBy|labelsTagFilter)\.ts$/,
  /^src\/core\/symbolicate\/workspaceMapping\.ts$/,
];

/**
 * zlib on the host only where HTTP replies say Content-Encoding: gzip (a transport encoding, inflated as a stream on
 * libuv's threads, never the event loop's).
 */
const ZLIB_ALLOWED = new Set(['src/sources/http/read-body.ts']);

/** Inputs of the host's bundle that put code into it (files whose code was all shaken out do not count). */
export async function hostBundleInputs(entry = 'src/extension.ts') {
  const result = await esbuild.build({
    entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'],
    write: false, metafile: true, outdir: 'dist-check', logLevel: 'silent',
  });
  const [output] = Object.values(result.metafile.outputs).filter((o) => o.entryPoint);
  const files = Object.entries(output.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([file]) => file);
  const zlib = files.filter((f) => result.metafile.inputs[f]?.imports.some((i) => i.path === 'zlib' || i.path === 'node:zlib'));
  return { files, zlib };
}

/** The files of the host's bundle that do profile work or use zlib beyond HTTP's transport encoding, sorted. */
export function profileWorkIn({ files, zlib }) {
  return [...files.filter((f) => PROFILE_WORK.some((p) => p.test(f))), ...zlib.filter((f) => !ZLIB_ALLOWED.has(f)).map((f) => `${f} (zlib)`)].sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  void hostBundleInputs().then((inputs) => {
    const found = profileWorkIn(inputs);
    if (found.length > 0) {
      console.error(`The extension host's bundle holds profile work that belongs in the profile worker:\n  ${found.join('\n  ')}`);
      process.exit(1);
    }
    console.log('extension host: no reader, decoder, gunzip, model or aggregator in its bundle');
  });
}
