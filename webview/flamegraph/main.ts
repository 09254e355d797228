// Entry of the flame graph webview (bundled to dist/webview/flamegraph.js).
import type { FlameGraphViewState } from '../../src/shared/flamegraphProtocol';
import { vscodeApi } from '../shared/vscodeApi';
import { FlameGraphApp } from './app';

new FlameGraphApp(document.body, vscodeApi<FlameGraphViewState>());
