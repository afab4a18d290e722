/**
 * The WAI-ARIA toolbar pattern for a `role="toolbar"` of buttons: one tab
 * stop (the last button used), ←/→ (mirrored in right-to-left), Home and End
 * between the buttons. Render the first button with `tabindex="0"` and the
 * others with `tabindex="-1"`, and bind both handlers on the toolbar.
 */
export function onToolbarKeydown(e: KeyboardEvent): void {
  const toolbar = e.currentTarget as HTMLElement;
  const buttons = [...toolbar.querySelectorAll<HTMLButtonElement>('button')];
  const index = buttons.indexOf(e.target as HTMLButtonElement);
  if (index < 0 || e.altKey || e.ctrlKey || e.metaKey) return;
  const rtl = getComputedStyle(toolbar).direction === 'rtl';
  const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
  const back = rtl ? 'ArrowRight' : 'ArrowLeft';
  let next: number;
  if (e.key === forward) next = (index + 1) % buttons.length;
  else if (e.key === back) next = (index - 1 + buttons.length) % buttons.length;
  else if (e.key === 'Home') next = 0;
  else if (e.key === 'End') next = buttons.length - 1;
  else return;
  e.preventDefault();
  buttons[next]?.focus();
}

/** Keeps the toolbar's one tab stop on the button that has focus (by keyboard or pointer). */
export function onToolbarFocusin(e: FocusEvent): void {
  const toolbar = e.currentTarget as HTMLElement;
  const target = e.target as HTMLElement;
  if (target.localName !== 'button') return;
  for (const button of toolbar.querySelectorAll<HTMLButtonElement>('button')) button.tabIndex = button === target ? 0 : -1;
}
