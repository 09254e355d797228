// "PerfLens: Filter Frames...": go tool pprof's focus / ignore / hide / show_from as regular expressions (checked
// with the core's bounded matcher as they are typed), the runtimes' noise presets and "my code only", each turned
// on or off in the active filter.
import * as vscode from 'vscode';
import { FRAME_OPTION_NAMES, type FramePatternOption } from '../../core/query/filters';
import { FilterError } from '../../core/query/filtersError';
import { APP_ONLY_PRESET, NOISE_PRESETS } from '../../core/query/filtersPresets';
import { compileFilterRegexp } from '../../core/query/filtersRegexp';
import { withFrames, type ViewFilter } from '../../core/query/viewFilter';
import { askText, pickOne } from '../prompts';

const TITLE = 'PerfLens: filter frames';

/** What each pattern option does, in pprof's words. */
export const FRAME_OPTION_HELP: Readonly<Record<Exclude<FramePatternOption, 'show'>, string>> = {
  focus: 'keep only the samples whose stack has a matching frame',
  ignore: 'drop the samples whose stack has a matching frame',
  hide: 'remove the matching frames from every stack, keep the rest',
  showFrom: 'drop the frames above the outermost matching one',
};

/**
 * The filter with one change the user chose; undefined when they dismissed the questions.
 * @param relevant presets this profile has noise for (presetsMatching): listed first, marked
 */
export async function pickFrameFilter(filter: ViewFilter, relevant: ReadonlySet<string> = new Set()): Promise<ViewFilter | undefined> {
  const frames = filter.frames ?? {};
  const presets = new Set(frames.presets ?? []);
  type Item = vscode.QuickPickItem & { option?: keyof typeof FRAME_OPTION_HELP; preset?: string };
  const on = (yes: boolean) => (yes ? '$(check) ' : '');
  const items: Item[] = [
    ...(Object.keys(FRAME_OPTION_HELP) as (keyof typeof FRAME_OPTION_HELP)[]).map((option) => ({
      label: `${on(!!frames[option])}${FRAME_OPTION_NAMES[option]}${frames[option] ? ` ${frames[option]}` : '...'}`,
      description: FRAME_OPTION_HELP[option],
      option,
    })),
    { label: 'presets', kind: vscode.QuickPickItemKind.Separator },
    { label: `${on(presets.has(APP_ONLY_PRESET))}My code only`, description: 'each run of dependency, runtime or unmapped frames becomes one frame of its kind', preset: APP_ONLY_PRESET },
    ...[...NOISE_PRESETS].sort((a, b) => Number(relevant.has(b.id)) - Number(relevant.has(a.id))).map((p) => ({
      label: `${on(presets.has(p.id))}Hide ${p.title}`, description: relevant.has(p.id) ? 'this profile has some' : undefined, detail: p.description, preset: p.id,
    })),
  ];
  const picked = await pickOne(items, { title: TITLE, placeHolder: 'Which frame filter? (a checked one is on: pick it to change or turn it off)', matchOnDescription: true });
  if (!picked) return undefined;
  if (picked.preset) return withFrames(filter, { preset: { id: picked.preset, on: !presets.has(picked.preset) } });
  const option = picked.option!;
  const name = FRAME_OPTION_NAMES[option];
  const pattern = await askText({
    title: `${TITLE}: ${name}`,
    prompt: `A regular expression (Go syntax) tested against each frame's function, file and binary: ${FRAME_OPTION_HELP[option]}. Empty turns ${name} off.`,
    placeHolder: option === 'hide' ? '^runtime\\.' : 'main\\.handler',
    value: frames[option] ?? '',
    validateInput: (v) => frameProblem(name, v),
  });
  if (pattern === undefined) return undefined;
  return withFrames(filter, { [option]: pattern });
}

/** Why `pattern` is not a valid frame pattern for `option`, undefined when it is (empty: the option is off). */
export function frameProblem(option: string, pattern: string): string | undefined {
  if (pattern === '') return undefined;
  try {
    compileFilterRegexp(option, pattern);
    return undefined;
  } catch (e) {
    if (e instanceof FilterError) return e.message;
    throw e;
  }
}
