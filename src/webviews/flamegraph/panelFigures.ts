// What each flame graph page was sent and reported drawing: the one place the internal describe command (for the
// in-host tests and the load bench) and the log read it from. Panels only record here.
import type { FlameGraphBuffers, FlameGraphFile, TimelineView } from '../../shared/flamegraphProtocol';
import { callTreeFigures } from '../../worker/callTreeFigures';

export interface PanelFigures {
  /** What the page last reported drawing. */
  readonly rendered?: { readonly frames: number; readonly view: string; readonly zoom: string };
  /** How many times the page reported drawing (a page reloaded after being hidden draws again). */
  readonly renders: number;
  /** What the timeline strip last showed. */
  readonly timeline?: { readonly bars: number; readonly boundaries: number; readonly label: string };
  /**
   * The call tree last handed to the page: its nodes and root total (the load bench's no-data-lost check), and how:
   * a file the page read, or in a message.
   */
  readonly sent?: { readonly nodes: number; readonly total: number; readonly bytes: number; readonly via: 'file' | 'message' };
  /** The page's last (re)load, ms: its data request to the answer (host), the answer to its report of drawing. */
  readonly pageTimes?: { readonly readyToPosted: number; readonly postedToRendered: number };
}

interface Book {
  figures: PanelFigures;
  askedAt: number;
  answeredAt: number;
}

export class PanelFigureBook {
  private readonly books = new WeakMap<object, Book>();

  of(panel: object): PanelFigures {
    return this.book(panel).figures;
  }

  /** The page asked for its data. */
  asked(panel: object): void {
    const b = this.book(panel);
    b.askedAt = Date.now();
    b.answeredAt = 0;
  }

  answered(panel: object, tree: FlameGraphBuffers | FlameGraphFile): void {
    const b = this.book(panel);
    b.answeredAt = Date.now();
    const sent = 'file' in tree ? { nodes: tree.nodes, total: tree.total, bytes: tree.treeBytes + tree.annotationsBytes, via: 'file' as const }
      : { ...callTreeFigures(tree.tree), bytes: tree.tree.byteLength + tree.annotations.byteLength, via: 'message' as const };
    b.figures = { ...b.figures, sent };
  }

  rendered(panel: object, rendered: NonNullable<PanelFigures['rendered']>): void {
    const b = this.book(panel);
    const pageTimes = b.answeredAt > 0 ? { readyToPosted: b.answeredAt - b.askedAt, postedToRendered: Date.now() - b.answeredAt } : b.figures.pageTimes;
    b.answeredAt = 0;
    b.figures = { ...b.figures, rendered, renders: b.figures.renders + 1, pageTimes };
  }

  timeline(panel: object, view: TimelineView | undefined): void {
    const b = this.book(panel);
    b.figures = { ...b.figures, timeline: view && { bars: view.bars.length, boundaries: view.boundaries.length, label: view.label } };
  }

  private book(panel: object): Book {
    let b = this.books.get(panel);
    if (!b) this.books.set(panel, (b = { figures: { renders: 0 }, askedAt: 0, answeredAt: 0 }));
    return b;
  }
}
