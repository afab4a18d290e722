import { css, unsafeCSS, type CSSResult } from 'lit';

/**
 * Design tokens, layer 1 of the theming (tokens → component variables → parts).
 *
 * A host sets any public `--ak-*` token on an ancestor (or on the element);
 * components only read the private `--_ak-*` copies below, which fall back to
 * the light or dark default. The dark layer applies under
 * `prefers-color-scheme: dark`, or when the element or an ancestor carries
 * `data-theme="dark"`; `data-theme="light"` forces the light one.
 *
 * These defaults are the only colour literals of the package.
 */
export const lightPalette = {
  text: '#1f2328',
  'text-muted': '#57606a',
  surface: '#ffffff',
  'surface-raised': '#f6f8fa',
  'surface-selected': '#ddf4ff',
  border: '#8c959f',
  'border-muted': '#d0d7de',
  accent: '#0a58ca',
  'on-accent': '#ffffff',
  danger: '#b42318',
  'on-danger': '#ffffff',
  'danger-surface': '#ffebe9',
  success: '#1a7f37',
  focus: '#0a58ca',
  backdrop: 'rgb(31 35 40 / 0.6)',
  'drop-target': '#ddf4ff',
} as const;

export const darkPalette: Record<keyof typeof lightPalette, string> = {
  text: '#e6edf3',
  'text-muted': '#9da7b3',
  surface: '#0d1117',
  'surface-raised': '#161b22',
  'surface-selected': '#102a4a',
  border: '#6e7681',
  'border-muted': '#30363d',
  accent: '#4c9aff',
  'on-accent': '#0d1117',
  danger: '#ff7b72',
  'on-danger': '#0d1117',
  'danger-surface': '#3b1219',
  success: '#56d364',
  focus: '#79b8ff',
  backdrop: 'rgb(1 4 9 / 0.75)',
  'drop-target': '#102a4a',
};

const colours = (palette: Record<string, string>) =>
  Object.entries(palette)
    .map(([name, value]) => `--_ak-color-${name}: var(--ak-color-${name}, ${value});`)
    .join('\n');

const light = unsafeCSS(colours(lightPalette));
const dark = unsafeCSS(colours(darkPalette));

/** Every component includes these first. */
export const tokens: CSSResult = css`
  :host {
    ${light}
    color-scheme: light;
    --_ak-space-1: var(--ak-space-1, 0.25rem);
    --_ak-space-2: var(--ak-space-2, 0.5rem);
    --_ak-space-3: var(--ak-space-3, 0.75rem);
    --_ak-space-4: var(--ak-space-4, 1rem);
    --_ak-radius: var(--ak-radius, 0.375rem);
    --_ak-font-family: var(--ak-font-family, system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans Arabic', sans-serif);
    --_ak-font-size: var(--ak-font-size, 0.9375rem);
    --_ak-font-size-small: var(--ak-font-size-small, 0.8125rem);
    --_ak-focus-ring: var(--ak-focus-ring-width, 2px) solid var(--_ak-color-focus);
    --_ak-control-height: var(--ak-control-height, 2.25rem);
    font-family: var(--_ak-font-family);
    font-size: var(--_ak-font-size);
    color: var(--_ak-color-text);
    /* Paint the theme's surface, so a dark element stays readable on a light page (and the reverse). */
    background-color: var(--ak-element-background, var(--_ak-color-surface));
    line-height: 1.4;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([data-theme='light'])) {
      ${dark}
      color-scheme: dark;
    }
  }
  :host-context([data-theme='light']) {
    ${light}
    color-scheme: light;
  }
  :host-context([data-theme='dark']) {
    ${dark}
    color-scheme: dark;
  }
  :host([data-theme='light']) {
    ${light}
    color-scheme: light;
  }
  :host([data-theme='dark']) {
    ${dark}
    color-scheme: dark;
  }
`;

/** Shared control styles: native buttons and inputs with a visible focus ring. */
export const controls: CSSResult = css`
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  button {
    display: inline-flex;
    align-items: center;
    gap: var(--_ak-space-1);
    min-height: var(--_ak-control-height);
    padding-block: var(--_ak-space-1);
    padding-inline: var(--_ak-space-3);
    border: 1px solid var(--_ak-color-border);
    border-radius: var(--_ak-radius);
    background: var(--_ak-color-surface-raised);
    color: var(--_ak-color-text);
    cursor: pointer;
  }
  button.primary {
    background: var(--_ak-color-accent);
    border-color: var(--_ak-color-accent);
    color: var(--_ak-color-on-accent);
  }
  button.danger {
    background: var(--_ak-color-danger);
    border-color: var(--_ak-color-danger);
    color: var(--_ak-color-on-danger);
  }
  button.link {
    min-height: 24px;
    padding: 0;
    border: 0;
    background: none;
    color: var(--_ak-color-accent);
    text-decoration: underline;
    text-align: start;
  }
  button[aria-disabled='true'],
  button:disabled {
    cursor: not-allowed;
    background: var(--_ak-color-surface);
    border-color: var(--_ak-color-border-muted);
    color: var(--_ak-color-text-muted);
  }
  /* Every control is at least 24×24 CSS px (WCAG 2.5.8), 44 px on coarse pointers (touch). */
  input[type='checkbox'] {
    inline-size: 24px;
    block-size: 24px;
    margin: 0;
    accent-color: var(--_ak-color-accent);
  }
  @media (pointer: coarse) {
    :host {
      --_ak-control-height: var(--ak-control-height, 44px);
    }
    button,
    select,
    input[type='search'],
    input[type='text'] {
      min-block-size: 44px;
    }
    button {
      min-inline-size: 44px;
    }
    input[type='checkbox'] {
      inline-size: 32px;
      block-size: 32px;
      margin: 6px;
    }
  }
  input[type='checkbox'][aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.55;
  }
  input[type='search'],
  input[type='text'],
  select {
    min-height: var(--_ak-control-height);
    padding-inline: var(--_ak-space-2);
    border: 1px solid var(--_ak-color-border);
    border-radius: var(--_ak-radius);
    background: var(--_ak-color-surface);
  }
  :is(button, input, select, textarea, a, [tabindex]):focus-visible {
    outline: var(--_ak-focus-ring);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute !important;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .message {
    padding: var(--_ak-space-3);
    color: var(--_ak-color-text-muted);
  }
  .error {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_ak-space-2);
    padding: var(--_ak-space-2) var(--_ak-space-3);
    border-radius: var(--_ak-radius);
    background: var(--_ak-color-danger-surface);
    color: var(--_ak-color-text);
    border-inline-start: 4px solid var(--_ak-color-danger);
  }
`;
