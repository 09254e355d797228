// Every use of @vscode/webview-ui-toolkit in one module: the toolkit is deprecated upstream, so the rest of the
// webview only sees plain HTMLElements with standard events ('input', 'change', 'click') and can be moved to
// another component library (or plain elements) by rewriting this file alone.
import {
  provideVSCodeDesignSystem, vsCodeButton, vsCodeCheckbox, vsCodeDropdown, vsCodeOption, vsCodeTextField,
} from '@vscode/webview-ui-toolkit';

let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeCheckbox(), vsCodeDropdown(), vsCodeOption(), vsCodeTextField());
}

export interface ButtonOptions {
  readonly label: string;
  readonly title?: string;
  readonly secondary?: boolean;
}

export function button(o: ButtonOptions, onClick: () => void): HTMLElement {
  register();
  const b = document.createElement('vscode-button');
  b.textContent = o.label;
  if (o.title) b.title = o.title;
  b.setAttribute('appearance', o.secondary ? 'secondary' : 'primary');
  b.addEventListener('click', onClick);
  return b;
}

/** A toggle shown as a button: primary when on, secondary when off; aria-pressed says which. */
export function toggleButton(o: ButtonOptions, onToggle: (on: boolean) => void): { element: HTMLElement; set(on: boolean): void } {
  let on = false;
  const b = button({ ...o, secondary: true }, () => { set(!on); onToggle(on); });
  const set = (value: boolean) => {
    on = value;
    b.setAttribute('appearance', on ? 'primary' : 'secondary');
    b.setAttribute('aria-pressed', String(on));
  };
  return { element: b, set };
}

export function textField(o: { placeholder: string; label: string }, onInput: (value: string) => void): { element: HTMLElement; value(): string; set(value: string): void; focus(): void } {
  register();
  const f = document.createElement('vscode-text-field') as HTMLElement & { value: string };
  f.setAttribute('placeholder', o.placeholder);
  f.setAttribute('aria-label', o.label);
  f.addEventListener('input', () => onInput(f.value));
  return {
    element: f,
    value: () => f.value,
    set: (value) => { f.value = value; },
    focus: () => f.focus(),
  };
}

export function dropdown<T extends string>(o: { label: string; options: readonly { value: T; label: string }[] }, onChange: (value: T) => void): { element: HTMLElement; set(value: T): void } {
  register();
  const d = document.createElement('vscode-dropdown') as HTMLElement & { value: string };
  d.setAttribute('aria-label', o.label);
  d.title = o.label;
  for (const opt of o.options) {
    const e = document.createElement('vscode-option') as HTMLElement & { value: string };
    e.setAttribute('value', opt.value);
    e.textContent = opt.label;
    d.appendChild(e);
  }
  d.addEventListener('change', () => onChange(d.value as T));
  return { element: d, set: (value) => { d.value = value; } };
}

export function checkbox(o: { label: string; title?: string }, onChange: (checked: boolean) => void): { element: HTMLElement; set(checked: boolean): void } {
  register();
  const c = document.createElement('vscode-checkbox') as HTMLElement & { checked: boolean };
  c.textContent = o.label;
  if (o.title) c.title = o.title;
  c.addEventListener('change', () => onChange(c.checked));
  return { element: c, set: (checked) => { c.checked = checked; } };
}
