// The in-host suites, in the order they run. Each entry loads a file that declares describe/it blocks.
export const suites: Array<() => void> = [
  () => require('./activation.test'),
  () => require('./editor.test'),
  () => require('./loading.test'),
  () => require('./sources.test'),
  () => require('./diff.test'),
  () => require('./flamegraph.test'),
  () => require('./timerange.test'),
  () => require('./remoteTimeRange.test'),
  () => require('./links.test'),
  () => require('./filters.test'),
  () => require('./agents.test'),
  () => require('./growthWatch.test'),
  () => require('./remoteTrends.test'),
  () => require('./remoteGrowth.test'),
];
