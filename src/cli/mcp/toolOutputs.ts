/** The structured content of each tool (src/core/answers), as the output schemas tools/list announces. */
import { z } from 'zod';

const common = {
  type: z.string().describe('The sample type shown.'),
  unit: z.string().describe('Its unit (nanoseconds, bytes, count...).'),
  total: z.number().describe('Sum of |value| over the selection, in the unit.'),
  selection: z.string().describe('What was selected, in words.'),
};

export const topFunctionsOutput = {
  ...common,
  functionCount: z.number().describe('Functions with any cost.'),
  functions: z.array(z.object({
    function: z.string(),
    file: z.string(),
    line: z.number().nullable().describe('Start line, as profiled.'),
    self: z.number(),
    selfShare: z.number().describe('0..1 of the total.'),
    total: z.number().describe('Self plus callees, counted once per sample.'),
    totalShare: z.number(),
  })),
};

export const lineCostsOutput = {
  ...common,
  file: z.string(),
  fileSelf: z.number(),
  fileSelfShare: z.number(),
  lineCount: z.number().describe('Lines of the file with cost (the list holds the costliest).'),
  lines: z.array(z.object({
    line: z.number().describe('1-based line of today\'s text.'),
    self: z.number(),
    selfShare: z.number(),
    total: z.number(),
    totalShare: z.number(),
    changed: z.boolean().describe('Edited since the profiled commit.'),
    text: z.string(),
  })),
  similarFiles: z.array(z.string()).optional(),
};

const compareRow = z.object({
  function: z.string(),
  file: z.string(),
  line: z.number().nullable(),
  baseShare: z.number(),
  headShare: z.number(),
  baseSelfShare: z.number(),
  headSelfShare: z.number(),
  delta: z.number().describe('headShare - baseShare.'),
  z: z.number(),
  significant: z.boolean(),
  presence: z.enum(['both', 'added', 'removed']),
});
const compareSide = z.object({ selection: z.string(), total: z.number(), perSecond: z.number().nullable() });

export const comparisonOutput = {
  type: z.string(),
  unit: z.string(),
  base: compareSide,
  head: compareSide,
  noise: z.object({ estimated: z.boolean(), criticalZ: z.number(), functionsTested: z.number() }),
  regressions: z.array(compareRow),
  improvements: z.array(compareRow),
  withinNoise: z.number(),
};

const functionRef = z.object({ function: z.string(), file: z.string(), value: z.number(), share: z.number() });

export const functionDetailOutput = {
  ...common,
  found: z.boolean(),
  function: z.string().optional(),
  file: z.string().optional(),
  kind: z.string().optional().describe('app, dependency, runtime or unknown.'),
  self: z.number().optional(),
  selfShare: z.number().optional(),
  cum: z.number().optional(),
  cumShare: z.number().optional(),
  callers: z.array(functionRef).optional(),
  callees: z.array(functionRef).optional(),
  lines: z.array(z.object({ line: z.number(), self: z.number(), total: z.number(), totalShare: z.number() })).optional(),
  trend: z.array(z.object({ timeMs: z.number(), total: z.number(), share: z.number() })).optional()
    .describe('The function\'s share per time bucket of the selection\'s profiles, oldest first.'),
  trendTest: z.object({ rise: z.number(), z: z.number(), critical: z.number(), significant: z.boolean(), tests: z.number(), bucket: z.string(), sparkline: z.string() }).optional()
    .describe('The trend test of perflens trend on those shares: fitted rise (share, 0..1) and whether it is beyond sampling noise.'),
  others: z.array(functionRef).optional(),
};
