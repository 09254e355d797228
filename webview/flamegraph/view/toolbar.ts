// The controls above the graph, built from the toolkit wrappers (webview/shared/toolkit.ts).
import { button, checkbox, dropdown, textField, toggleButton } from '../../shared/toolkit';

export interface ToolbarEvents {
  search(text: string): void;
  sandwich(on: boolean): void;
  orientation(o: 'icicle' | 'flame'): void;
  colorBy(c: 'class' | 'package'): void;
  appOnly(on: boolean): void;
  table(on: boolean): void;
  groupBy(): void;
  reset(): void;
}

export class Toolbar {
  readonly element: HTMLElement;
  readonly search: ReturnType<typeof textField>;
  private readonly info: HTMLElement;
  readonly sandwich: ReturnType<typeof toggleButton>;
  readonly orientation: ReturnType<typeof dropdown<'icicle' | 'flame'>>;
  readonly colorBy: ReturnType<typeof dropdown<'class' | 'package'>>;
  readonly appOnly: ReturnType<typeof checkbox>;
  readonly table: ReturnType<typeof toggleButton>;

  constructor(parent: HTMLElement, events: ToolbarEvents) {
    this.element = document.createElement('header');
    this.element.className = 'toolbar';
    this.search = textField({ placeholder: 'Search functions (regex)   /', label: 'Search functions by regular expression' }, events.search);
    this.search.element.classList.add('search');
    this.info = document.createElement('span');
    this.info.className = 'search-info';
    this.info.setAttribute('aria-live', 'polite');
    this.sandwich = toggleButton({ label: 'Sandwich', title: 'Callers and callees of the selected function' }, events.sandwich);
    this.orientation = dropdown({ label: 'Orientation: icicle (callers on top) or flame (callers at the bottom)', options: [{ value: 'icicle', label: 'Icicle ↓' }, { value: 'flame', label: 'Flame ↑' }] }, events.orientation);
    this.colorBy = dropdown({ label: 'Colour frames by kind of code (app, dependency, runtime) or by package', options: [{ value: 'class', label: 'By kind of code' }, { value: 'package', label: 'By package' }] }, events.colorBy);
    this.appOnly = checkbox({ label: 'App code only', title: 'Collapse dependency and runtime frames into one box each' }, events.appOnly);
    this.table = toggleButton({ label: 'Table', title: 'Show the functions table' }, events.table);
    const groupBy = button({ label: 'Group by…', title: 'Split the graph by a label\'s values (endpoint, region…): one root per value', secondary: true }, events.groupBy);
    const reset = button({ label: 'Reset', title: 'Back to the whole profile (Home)', secondary: true }, events.reset);
    const spacer = document.createElement('span');
    spacer.className = 'toolbar-spacer';
    this.element.append(this.search.element, this.info, spacer, this.sandwich.element, this.orientation.element, this.colorBy.element, this.appOnly.element, groupBy, this.table.element, reset);
    parent.appendChild(this.element);
  }

  setInfo(text: string, error = false): void {
    this.info.textContent = text;
    this.info.classList.toggle('error', error);
  }
}
