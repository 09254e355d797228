// The hover card of a flame graph frame: a fixed-position element filled with text nodes only (profile strings
// are never markup), placed next to the pointer (or a box, for keyboard users) and kept inside the window.

/** One line of what a frame is, in words: the tooltip's lines and the screen reader's sentence. */
export interface FrameLine {
  readonly text: string;
  /** CSS class of the line: title, location, figures, hint. */
  readonly kind: 'title' | 'location' | 'figures' | 'hint';
}

export class Tooltip {
  readonly element: HTMLDivElement;

  constructor(parent: HTMLElement) {
    this.element = document.createElement('div');
    this.element.className = 'tooltip';
    this.element.setAttribute('role', 'tooltip');
    this.element.hidden = true;
    parent.appendChild(this.element);
  }

  show(lines: readonly FrameLine[], clientX: number, clientY: number, hint?: string): void {
    const e = this.element;
    e.replaceChildren(...lines.map((l) => {
      const div = document.createElement('div');
      div.className = `tooltip-${l.kind}`;
      div.textContent = l.text;
      return div;
    }));
    if (hint) {
      const div = document.createElement('div');
      div.className = 'tooltip-hint';
      div.textContent = hint;
      e.appendChild(div);
    }
    e.hidden = false;
    const margin = 12;
    const w = e.offsetWidth;
    const h = e.offsetHeight;
    let x = clientX + margin;
    let y = clientY + margin;
    if (x + w > window.innerWidth - 4) x = Math.max(4, clientX - w - margin);
    if (y + h > window.innerHeight - 4) y = Math.max(4, clientY - h - margin);
    e.style.left = `${x}px`;
    e.style.top = `${y}px`;
  }

  hide(): void {
    this.element.hidden = true;
  }
}
