// Under the toolbar: what narrows or splits the graph — the session's filter (its parts, Change, Clear) and the
// label the graph is grouped by (Change) — hidden when there is neither.
import { button } from '../../shared/toolkit';

export interface FilterBarEvents {
  clear(): void;
  change(): void;
  groupBy(): void;
}

export class FilterBar {
  private readonly element: HTMLElement;
  private readonly filterText: HTMLElement;
  private readonly filterPart: HTMLElement;
  private readonly groupText: HTMLElement;
  private readonly groupPart: HTMLElement;

  constructor(parent: HTMLElement, events: FilterBarEvents) {
    this.element = document.createElement('div');
    this.element.className = 'filter-bar';
    this.element.setAttribute('role', 'status');
    this.filterPart = document.createElement('span');
    this.filterPart.className = 'filter-part';
    this.filterText = document.createElement('span');
    this.filterText.className = 'filter-text';
    this.filterPart.append(this.filterText,
      button({ label: 'Change', title: 'Change the filters (PerfLens: Filters...)', secondary: true }, events.change),
      button({ label: 'Clear', title: 'Clear the filters of every view (PerfLens: Clear Filters)', secondary: true }, events.clear));
    this.groupPart = document.createElement('span');
    this.groupPart.className = 'group-part';
    this.groupText = document.createElement('span');
    this.groupText.className = 'group-text';
    this.groupPart.append(this.groupText, button({ label: 'Change', title: 'Group by another label, or not at all', secondary: true }, events.groupBy));
    this.element.append(this.filterPart, this.groupPart);
    parent.appendChild(this.element);
    this.set([], undefined);
  }

  /** The filter's parts in words, and the group-by label; text only (the names come from the profile). */
  set(filters: readonly string[], groupBy: string | undefined): void {
    this.filterText.textContent = filters.length > 0 ? `Filtered: ${filters.join(' · ')}` : '';
    this.filterPart.hidden = filters.length === 0;
    this.groupText.textContent = groupBy ? `Grouped by ${groupBy}` : '';
    this.groupPart.hidden = !groupBy;
    this.element.hidden = filters.length === 0 && !groupBy;
    document.body.dataset.filters = filters.join(' · ');
    if (groupBy) document.body.dataset.groupBy = groupBy;
    else delete document.body.dataset.groupBy;
  }
}
