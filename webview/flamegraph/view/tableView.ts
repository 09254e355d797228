// The table beside the graph: every function with its self (flat) and total (cum), sortable, virtualised (only
// the rows in view exist as elements, so 10^5 functions scroll as fast as 10). One delegated listener. When the
// graph is grouped by a label, a column per group follows: the function's total in that group's samples, and the
// part of its whole total that makes. The header and the rows scroll in one container (.table-body), the header
// stuck to its top and the function names to its left, so the columns stay under their headings and the names stay
// in view when the group columns are scrolled sideways.
import { formatShare, formatValue } from '../../../src/core/format/units';
import type { TableGroups, TableSortColumn } from '../../../src/shared/flamegraphProtocol';
import type { FunctionTable } from '../model/functionTable';
import type { FunctionTotals } from '../model/flameData';
import { groupColumnIndex, groupSortColumn } from '../model/groupSort';

export type SortColumn = TableSortColumn;
const ROW = 22;

/** The group columns as the table reads them. */
interface Groups {
  readonly info: TableGroups;
  readonly flat: Float64Array;
  readonly cum: Float64Array;
}

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
  private groups: Groups | undefined;
  selected = -1;
  private frame = 0;

  constructor(parent: HTMLElement, private readonly events: TableEvents) {
    this.element = document.createElement('div');
    this.element.className = 'table-view';
    this.header = document.createElement('div');
    this.header.className = 'table-header';
    this.header.setAttribute('role', 'row');
    this.buildHeader();
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
    this.body.append(this.header, this.spacer);
    this.element.append(this.body);
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
    // Other data: its group columns (if any) come after it.
    if (this.functions !== functions && this.groups) {
      this.groups = undefined;
      this.buildHeader();
    }
    this.functions = functions;
    this.totals = totals;
    this.unit = unit;
    this.all = all;
    this.applySort();
  }

  /** The columns per group of a grouped graph (undefined: none); the table's rows are then the real functions only. */
  setGroups(info: TableGroups | undefined): void {
    this.groups = info && { info, flat: new Float64Array(info.flat), cum: new Float64Array(info.cum) };
    this.buildHeader();
    this.setSort(this.sort.column, this.sort.descending);
  }

  /** The group columns' titles, as the header shows them (for tests and the host's describe hook). */
  groupTitles(): string[] {
    return this.groups?.info.columns.map((c) => c.title) ?? [];
  }

  private buildHeader(): void {
    const columns: [SortColumn, string, string][] = [['name', 'Function', 'Sort by function name'], ['self', 'Self', 'Sort by self cost'], ['total', 'Total', 'Sort by total cost']];
    const groups = this.groups?.info;
    groups?.columns.forEach((c) => columns.push([groupSortColumn(groups.key, c), groupHeading(c.title, groups.key), `${c.title}: each function's total in these samples (${formatValue(c.total, this.unit)}, ${formatShare(c.total, this.all)} of all), and the part of its own total that is. Click to sort by it.`]));
    this.header.replaceChildren(...columns.map(([column, label, title]) => {
      const b = document.createElement('button');
      b.className = `table-sort col-${column.startsWith('group:') ? 'group' : column}`;
      b.dataset.column = column;
      b.textContent = label;
      b.title = title;
      b.setAttribute('aria-sort', 'none');
      return b;
    }));
    const template = `minmax(${groups ? 22 : 10}ch, 1fr) 8.2em 8.2em${groups ? ` repeat(${groups.columns.length}, 8.2em)` : ''}`;
    this.element.style.setProperty('--table-columns', template);
    const figures = 2 + (groups?.columns.length ?? 0);
    this.element.style.setProperty('--table-min-width', `calc(22ch + ${figures} * (8.2em + 12px) + 20px)`);
    this.element.classList.toggle('grouped', groups !== undefined);
    if (groups) this.element.dataset.groups = String(groups.columns.length);
    else delete this.element.dataset.groups;
  }

  /** A group column the table does not have (its value is gone, or no columns yet) sorts as by default. */
  setSort(column: SortColumn, descending: boolean): void {
    if (column.startsWith('group:') && groupColumnIndex(column, this.groups?.info) < 0) {
      column = 'total';
      descending = true;
    }
    this.sort = { column, descending };
    for (const b of this.header.querySelectorAll<HTMLElement>('.table-sort')) {
      const active = b.dataset.column === column;
      b.setAttribute('aria-sort', active ? (descending ? 'descending' : 'ascending') : 'none');
      b.classList.toggle('active', active);
    }
    this.applySort();
  }

  /** Selects a function's row and scrolls it into view (below the header, which covers the top of the rows' view). */
  select(fn: number, scroll = true): void {
    this.selected = fn;
    if (scroll) {
      const i = this.order.indexOf(fn);
      const view = this.body.clientHeight - this.header.offsetHeight;
      if (i >= 0 && (i * ROW < this.body.scrollTop || (i + 1) * ROW > this.body.scrollTop + view)) {
        this.body.scrollTop = Math.max(0, i * ROW - view / 2);
      }
    }
    this.requestRender();
  }

  private applySort(): void {
    const t = this.totals;
    const fns = this.functions;
    if (!t || !fns) return;
    const g = this.groups;
    // Grouped: the groups' root frames are columns, not rows.
    const list = g ? Array.from(t.functions).filter((f) => f < g.info.groupRootsFrom) : Array.from(t.functions);
    const { column, descending } = this.sort;
    const sign = descending ? -1 : 1;
    const group = groupColumnIndex(column, g?.info);
    if (column === 'name') list.sort((a, b) => sign * fns.shortName(a).localeCompare(fns.shortName(b)));
    else if (g && group >= 0) {
      const C = g.info.columns.length;
      list.sort((a, b) => sign * (g.cum[a * C + group] - g.cum[b * C + group]) || t.total[b] - t.total[a] || a - b);
    } else {
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
    // The rows start below the header; scrolled, the header stays over the rows' first scrollTop pixels.
    const first = Math.floor(this.body.scrollTop / ROW);
    const count = Math.ceil((this.body.clientHeight - this.header.offsetHeight) / ROW) + 1;
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
      const g = this.groups;
      if (g) {
        const C = g.info.columns.length;
        for (let c = 0; c < C; c++) {
          const cell = this.cell('col-group', g.cum[f * C + c], t.total[f]);
          cell.title = `${g.info.columns[c].title}: total ${formatValue(g.cum[f * C + c], this.unit)}, self ${formatValue(g.flat[f * C + c], this.unit)}`;
          row.append(cell);
        }
      }
      rows.push(row);
    }
    this.rows.replaceChildren(...rows);
  }

  /** A figure and its share of `of` (the whole selection unless said). */
  private cell(cls: string, value: number, of = this.all): HTMLElement {
    const c = document.createElement('span');
    c.className = cls;
    const v = document.createElement('span');
    v.textContent = value === 0 && cls === 'col-group' ? '–' : formatValue(value, this.unit);
    const s = document.createElement('span');
    s.className = 'share';
    s.textContent = value === 0 && cls === 'col-group' ? '' : formatShare(value, of);
    c.append(v, s);
    return c;
  }

  private rowFunction(target: EventTarget | null): number {
    const row = (target as HTMLElement | null)?.closest<HTMLElement>('.table-row');
    return row ? Number(row.dataset.fn) : -1;
  }

  private key(e: KeyboardEvent): void {
    // Keys on a heading (a button in the same container) are the heading's.
    if (e.target !== this.body || this.order.length === 0) return;
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

/** A group's heading: its value without the key (`GET /search`), `other`, `no endpoint`. */
function groupHeading(title: string, key: string): string {
  if (title.startsWith(`${key}=`)) return title.slice(key.length + 1);
  if (title.startsWith(`${key}: `)) return title.slice(key.length + 2).replace(/ \(.*\)$/, '');
  return title;
}
