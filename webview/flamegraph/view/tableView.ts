// The table beside the graph: every function with its self (flat) and total (cum), sortable, virtualised (only
// the rows in view exist as elements, so 10^5 functions scroll as fast as 10). One delegated listener.
import { formatShare, formatValue } from '../../../src/core/format/units';
import type { FunctionTable } from '../model/functionTable';
import type { FunctionTotals } from '../model/flameData';

export type SortColumn = 'name' | 'self' | 'total';
const ROW = 22;

export interface TableEvents {
  selected(fn: number): void;
  /** Double click or Enter: the sandwich of the function. */
  opened(fn: number): void;
  sorted(column: SortColumn, descending: boolean): void;
}

export class TableView {
  readonly element: HTMLDivElement;
  private readonly header: HTMLDivElement;
  private readonly body: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly rows: HTMLDivElement;
  private functions: FunctionTable | undefined;
  private totals: FunctionTotals | undefined;
  private order: Int32Array = new Int32Array(0);
  private unit = '';
  private all = 0;
  private sort: { column: SortColumn; descending: boolean } = { column: 'total', descending: true };
  selected = -1;
  private frame = 0;

  constructor(parent: HTMLElement, private readonly events: TableEvents) {
    this.element = document.createElement('div');
    this.element.className = 'table-view';
    this.header = document.createElement('div');
    this.header.className = 'table-header';
    this.header.setAttribute('role', 'row');
    for (const [column, label] of [['name', 'Function'], ['self', 'Self'], ['total', 'Total']] as const) {
      const b = document.createElement('button');
      b.className = `table-sort col-${column}`;
      b.dataset.column = column;
      b.textContent = label;
      b.title = `Sort by ${label.toLowerCase()}`;
      this.header.appendChild(b);
    }
    this.body = document.createElement('div');
    this.body.className = 'table-body';
    this.body.tabIndex = 0;
    this.body.setAttribute('role', 'grid');
    this.body.setAttribute('aria-label', 'Functions by cost');
    this.spacer = document.createElement('div');
    this.spacer.className = 'table-spacer';
    this.rows = document.createElement('div');
    this.rows.className = 'table-rows';
    this.spacer.appendChild(this.rows);
    this.body.appendChild(this.spacer);
    this.element.append(this.header, this.body);
    parent.appendChild(this.element);

    this.header.addEventListener('click', (e) => {
      const column = (e.target as HTMLElement).closest<HTMLElement>('.table-sort')?.dataset.column as SortColumn | undefined;
      if (!column) return;
      const descending = this.sort.column === column ? !this.sort.descending : column !== 'name';
      this.setSort(column, descending);
      this.events.sorted(column, descending);
    });
    this.body.addEventListener('scroll', () => this.requestRender());
    this.body.addEventListener('click', (e) => {
      const f = this.rowFunction(e.target);
      if (f >= 0) { this.select(f, false); this.events.selected(f); }
    });
    this.body.addEventListener('dblclick', (e) => {
      const f = this.rowFunction(e.target);
      if (f >= 0) this.events.opened(f);
    });
    this.body.addEventListener('keydown', (e) => this.key(e));
    new ResizeObserver(() => this.requestRender()).observe(this.body);
  }

  setData(functions: FunctionTable, totals: FunctionTotals, unit: string, all: number): void {
    this.functions = functions;
    this.totals = totals;
    this.unit = unit;
    this.all = all;
    this.applySort();
  }

  setSort(column: SortColumn, descending: boolean): void {
    this.sort = { column, descending };
    for (const b of this.header.querySelectorAll<HTMLElement>('.table-sort')) {
      const active = b.dataset.column === column;
      b.setAttribute('aria-sort', active ? (descending ? 'descending' : 'ascending') : 'none');
      b.classList.toggle('active', active);
    }
    this.applySort();
  }

  /** Selects a function's row and scrolls it into view. */
  select(fn: number, scroll = true): void {
    this.selected = fn;
    if (scroll) {
      const i = this.order.indexOf(fn);
      if (i >= 0 && (i * ROW < this.body.scrollTop || (i + 1) * ROW > this.body.scrollTop + this.body.clientHeight)) {
        this.body.scrollTop = Math.max(0, i * ROW - this.body.clientHeight / 2);
      }
    }
    this.requestRender();
  }

  private applySort(): void {
    const t = this.totals;
    const fns = this.functions;
    if (!t || !fns) return;
    const list = Array.from(t.functions);
    const { column, descending } = this.sort;
    const sign = descending ? -1 : 1;
    if (column === 'name') list.sort((a, b) => sign * fns.shortName(a).localeCompare(fns.shortName(b)));
    else {
      const v = column === 'self' ? t.self : t.total;
      list.sort((a, b) => sign * (v[a] - v[b]) || a - b);
    }
    this.order = Int32Array.from(list);
    this.spacer.style.height = `${this.order.length * ROW}px`;
    this.requestRender();
  }

  private requestRender(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  private render(): void {
    const t = this.totals;
    const fns = this.functions;
    if (!t || !fns) return;
    const first = Math.floor(this.body.scrollTop / ROW);
    const count = Math.ceil(this.body.clientHeight / ROW) + 1;
    this.rows.style.transform = `translateY(${first * ROW}px)`;
    const rows: HTMLElement[] = [];
    for (let i = first; i < Math.min(this.order.length, first + count); i++) {
      const f = this.order[i];
      const row = document.createElement('div');
      row.className = `table-row class-${fns.className(f)}${f === this.selected ? ' selected' : ''}`;
      row.dataset.fn = String(f);
      row.setAttribute('role', 'row');
      row.setAttribute('aria-selected', String(f === this.selected));
      const name = document.createElement('span');
      name.className = 'col-name';
      name.textContent = fns.shortName(f);
      name.title = fns.name(f);
      row.append(name, this.cell('col-self', t.self[f]), this.cell('col-total', t.total[f]));
      rows.push(row);
    }
    this.rows.replaceChildren(...rows);
  }

  private cell(cls: string, value: number): HTMLElement {
    const c = document.createElement('span');
    c.className = cls;
    const v = document.createElement('span');
    v.textContent = formatValue(value, this.unit);
    const s = document.createElement('span');
    s.className = 'share';
    s.textContent = formatShare(value, this.all);
    c.append(v, s);
    return c;
  }

  private rowFunction(target: EventTarget | null): number {
    const row = (target as HTMLElement | null)?.closest<HTMLElement>('.table-row');
    return row ? Number(row.dataset.fn) : -1;
  }

  private key(e: KeyboardEvent): void {
    if (this.order.length === 0) return;
    let i = this.order.indexOf(this.selected);
    if (e.key === 'ArrowDown') i = Math.min(this.order.length - 1, i + 1);
    else if (e.key === 'ArrowUp') i = Math.max(0, i - 1);
    else if (e.key === 'Enter' && this.selected >= 0) { this.events.opened(this.selected); e.preventDefault(); return; }
    else return;
    e.preventDefault();
    const f = this.order[i];
    this.select(f);
    this.events.selected(f);
  }
}
