import { html, nothing, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import { errorText, type ReasonContext } from '../localization/reasons.js';
import type { ItemListView } from './item-list-controller.js';

/**
 * A Customer View / Confidential cell's content. In a table: `Y`/`N` under
 * the column header, "Yes"/"No" for a screen reader. In a card (narrow
 * container) the styles show a labelled badge instead: "Shared" / "Hidden",
 * and "Confidential" when it is.
 */
export function renderFlag(flag: 'portal' | 'confidential', on: boolean): TemplateResult {
  const badge = flag === 'portal' ? (on ? msg('Shared') : msg('Hidden')) : on ? msg('Confidential') : '';
  return html`<span class="yn" aria-hidden="true">${on ? msg('Y', { id: 'flag.yes' }) : msg('N', { id: 'flag.no' })}</span
    ><span class="yn visually-hidden">${on ? msg('Yes') : msg('No')}</span
    >${badge ? html`<span class="badge" data-on=${on ? 'true' : 'false'}>${badge}</span>` : nothing}`;
}

/** The list could not be loaded: the reason and a Retry button. */
export function renderLoadError(message: string, list: ItemListView, context: ReasonContext): TemplateResult {
  const error = list.state?.error;
  return html`<div class="error" part="error" role="alert">
    <span>${message} ${error ? errorText(error, context) : ''}</span>
    <button type="button" @click=${() => list.reload()}>${msg('Retry')}</button>
  </div>`;
}

/** The last command failed (the store rolled back): the reason, until dismissed. */
export function renderCommandError(list: ItemListView, context: ReasonContext): TemplateResult | typeof nothing {
  const error = list.commandError;
  if (!error) return nothing;
  return html`<div class="error" part="error" role="alert">
    <span>${errorText(error, context)}</span>
    <button type="button" @click=${() => list.dismissError()}>${msg('Dismiss')}</button>
  </div>`;
}
