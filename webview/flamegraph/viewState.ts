// How a new flame graph page starts: the graph, icicle, coloured by kind of code, the functions table open.
import type { FlameGraphViewState } from '../../src/shared/flamegraphProtocol';

export const DEFAULT_VIEW_STATE: FlameGraphViewState = {
  view: 'graph', orientation: 'icicle', colorBy: 'class', appOnly: false, search: '', zoomPath: [],
  sandwichFunction: -1, tableOpen: true, tableSort: { column: 'total', descending: true },
};
