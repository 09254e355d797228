// The path to the zoomed frame: one button per ancestor (text only), the first resets the zoom.
import type { FlameTree } from '../../shared/flame/flameTree';
import { ancestry } from '../../shared/flame/flameTree';
import type { FunctionTable } from '../model/functionTable';

const MAX_ITEMS = 9;

export class Breadcrumb {
  readonly element: HTMLElement;

  constructor(parent: HTMLElement, private readonly onPick: (node: number) => void) {
    this.element = document.createElement('nav');
    this.element.className = 'breadcrumb';
    this.element.setAttribute('aria-label', 'Zoomed frame');
    parent.appendChild(this.element);
    this.element.addEventListener('click', (e) => {
      const node = (e.target as HTMLElement).closest<HTMLElement>('button')?.dataset.node;
      if (node !== undefined) this.onPick(Number(node));
    });
  }

  show(tree: FlameTree, functions: FunctionTable, node: number, prefix = ''): void {
    const path = ancestry(tree, node);
    // Long paths keep the root, an ellipsis and the last frames.
    const shown = path.length > MAX_ITEMS ? [path[0], -1, ...path.slice(path.length - (MAX_ITEMS - 2))] : path;
    const items: HTMLElement[] = [];
    if (prefix) {
      const p = document.createElement('span');
      p.className = 'breadcrumb-prefix';
      p.textContent = prefix;
      items.push(p);
    }
    shown.forEach((n, i) => {
      if (i > 0) {
        const sep = document.createElement('span');
        sep.className = 'breadcrumb-sep';
        sep.textContent = '›';
        items.push(sep);
      }
      if (n < 0) {
        const more = document.createElement('span');
        more.textContent = '…';
        items.push(more);
        return;
      }
      const b = document.createElement('button');
      b.dataset.node = String(n);
      b.textContent = n === 0 ? functions.name(tree.fn[0]) : functions.shortName(tree.fn[n]);
      b.title = n === 0 ? 'Reset the zoom' : functions.name(tree.fn[n]);
      if (n === node) b.setAttribute('aria-current', 'true');
      items.push(b);
    });
    this.element.replaceChildren(...items);
  }
}
