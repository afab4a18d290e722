import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { AttachKit } from '@attachkit/sdk';
import { formatNumber } from '../localization/format.js';
import { reasonText, type ReasonContext } from '../localization/reasons.js';
import { allowedOnAny, bulkActions, firstDenial } from './bulk-actions.js';
import type { ItemListView } from './item-list-controller.js';
import { onToolbarFocusin, onToolbarKeydown } from './roving-toolbar.js';

export interface BulkToolbarOptions {
  kit: AttachKit;
  list: ItemListView;
  /** Prefix for the ids of the "why unavailable" descriptions. */
  uid: string;
  announce: (text: string) => void;
  reasonContext: ReasonContext;
}

/**
 * The Ascora bulk actions over the checked items of one list. An action
 * unavailable for the current selection stays visible with
 * `aria-disabled="true"` and says why (description, tooltip, and an
 * announcement when pressed). A principal who may do none of them on any item
 * (a technician without sharing, Confidential or delete grants) gets no
 * toolbar at all rather than a row of dead buttons. One tab stop, arrow keys
 * between the buttons (WAI-ARIA toolbar).
 */
export function renderBulkToolbar({ kit, list, uid, announce, reasonContext }: BulkToolbarOptions): TemplateResult | typeof nothing {
  const kind = list.kind;
  if (!bulkActions(kind).some((action) => allowedOnAny(kit, action.action, list.items))) return nothing;
  const selectedItems = list.selectedItems;
  const label = kind === 'attachment' ? msg('Actions on the checked attachments') : msg('Actions on the checked notes');
  return html`<div
    class="toolbar"
    part="toolbar"
    role="toolbar"
    aria-label=${label}
    data-kind=${kind}
    @keydown=${onToolbarKeydown}
    @focusin=${onToolbarFocusin}
  >
    ${bulkActions(kind).map((action, index) => {
      const reason = selectedItems.length === 0 ? null : firstDenial(kit, action.action, selectedItems);
      const description =
        selectedItems.length === 0
          ? kind === 'attachment'
            ? msg('Check one or more attachments first.')
            : msg('Check one or more notes first.')
          : reason
            ? reasonText(reason, reasonContext)
            : '';
      const unavailable = selectedItems.length === 0 || reason !== null;
      const id = `${uid}-${kind}-${action.id}-why`;
      return html`<button
          type="button"
          part="action"
          class=${action.danger && !unavailable ? 'danger' : ''}
          data-action=${action.id}
          tabindex=${index === 0 ? 0 : -1}
          aria-disabled=${unavailable ? 'true' : 'false'}
          aria-describedby=${unavailable ? id : nothing}
          title=${unavailable ? description : nothing}
          @click=${() => (unavailable ? announce(description) : list.run(action))}
        >
          ${action.label}</button
        >${unavailable ? html`<span id=${id} class="visually-hidden">${description}</span>` : nothing}`;
    })}
    <span class="selection-count">${selectedItems.length > 0 ? msg(str`${formatNumber(selectedItems.length)} checked`) : ''}</span>
  </div>`;
}
