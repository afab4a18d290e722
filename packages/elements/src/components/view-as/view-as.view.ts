/**
 * What `<ak-view-as>` loads on demand, the first time one is connected: the
 * person and access level choices, the preview table with its reasons, and
 * its styles. view-as.ts defines the element.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { AccessLevel, AttachKit, Attachment, Note, Principal } from '@attachkit/sdk';
import type { LoadedView } from '../../internal/lazy-view.js';
import { AkViewAsChangeEvent } from '../../events/view-as-change.js';
import { formatNumber } from '../../localization/format.js';
import { levelName } from '../../localization/labels.js';
import { errorText, reasonText } from '../../localization/reasons.js';
import { styles } from './view-as.styles.js';
import type { AkViewAs } from './view-as.js';

/** Loads the preview of one `<ak-view-as>`; `uid` prefixes the ids in its shadow root. */
export function viewAsView(host: AkViewAs, uid: string): LoadedView<ViewAsView> {
  return { view: new ViewAsView(host, uid), styles: [styles] };
}

class ViewAsView {
  constructor(
    private readonly host: AkViewAs,
    private readonly uid: string,
  ) {}

  /** Loads the record again after a failure (attachments and notes). */
  private reload(): void {
    if (!this.host.kit || !this.host.recordType || !this.host.recordId) return;
    const record = { type: this.host.recordType, id: this.host.recordId };
    void this.host.kit.attachments(record).load();
    void this.host.kit.notes(record).load();
  }

  render(): TemplateResult {
    const kit = this.host.kit;
    if (!kit)
      return html`<p class="message" part="status" role="status">${msg('Waiting for an AttachKit (place this element inside <ak-provider>).')}</p>`;
    const principal = this.host.principal;
    const staff = this.host.users.value?.users ?? [];
    const clients = this.host.clientChoices();
    const isStaff = this.host.as.startsWith('staff:');
    return html`
      <div class="controls" part="controls">
        <label for="${this.uid}-who">${msg('View as')}</label>
        <select id="${this.uid}-who" class="who" @change=${(e: Event) => this.choose((e.target as HTMLSelectElement).value, this.host.level)}>
          <option value="" ?selected=${!principal}>${msg('Choose a client or user…')}</option>
          ${
            clients.length > 0
              ? html`<optgroup label=${msg('Customer Portal clients')}>
                ${clients.map((c) => html`<option value="client:${c.id}" ?selected=${this.host.as === `client:${c.id}`}>${c.name ?? c.id}</option>`)}
              </optgroup>`
              : nothing
          }
          ${
            staff.length > 0
              ? html`<optgroup label=${msg('Staff users')}>
                ${staff.map((u) => html`<option value="staff:${u.id}" ?selected=${this.host.as === `staff:${u.id}`}>${u.name}</option>`)}
              </optgroup>`
              : nothing
          }
        </select>
        ${
          isStaff
            ? html`<label for="${this.uid}-level">${msg('Access level')}</label>
              <select id="${this.uid}-level" class="level" @change=${(e: Event) => this.choose(this.host.as, (e.target as HTMLSelectElement).value as AccessLevel)}>
                ${(['web', 'mobile'] as const).map((l) => html`<option value=${l} ?selected=${this.host.level === l}>${levelName(l)}</option>`)}
              </select>`
            : nothing
        }
      </div>
      ${this.renderPreview(kit, principal)}
    `;
  }

  private renderPreview(kit: AttachKit, principal: Principal | null): TemplateResult {
    const attachments = this.host.attachments.value;
    const notes = this.host.notes.value;
    if (!attachments || !notes)
      return html`<p class="message" part="status">${msg('Set the record-type and record-id attributes to preview a record.')}</p>`;
    if (!principal) return html`<p class="message" part="status">${msg('Choose a client or user to see what they would see.')}</p>`;
    if (attachments.status === 'error' && attachments.items.length === 0) {
      return html`<div class="error" part="error" role="alert">
        <span>${msg('The attachments could not be loaded.')} ${attachments.error ? errorText(attachments.error, { catalog: kit.catalog, level: this.host.level }) : ''}</span>
        <button type="button" @click=${() => this.reload()}>${msg('Retry')}</button>
      </div>`;
    }
    if (attachments.status !== 'ready' && attachments.items.length === 0) {
      return html`<p class="message" part="status" role="status">${msg('Loading attachments…')}</p>`;
    }
    if (principal.kind === 'client' && !this.host.portal.value?.document) {
      return html`<p class="message" part="status" role="status">${msg('Loading the Customer Portal settings…')}</p>`;
    }
    const items: (Attachment | Note)[] = [...attachments.items, ...notes.items];
    const decisions = items.map((item) => ({ item, decision: this.host.decideFor(kit, principal, item) }));
    const seen = decisions.filter((d) => d.decision.allowed);
    const who = principal.kind === 'staff' ? principal.name : (principal.name ?? principal.id);
    const seenAttachments = formatNumber(seen.filter((d) => !('body' in d.item)).length);
    const allAttachments = formatNumber(attachments.items.length);
    const seenNotes = formatNumber(seen.filter((d) => 'body' in d.item).length);
    const allNotes = formatNumber(notes.items.length);
    const context = { catalog: kit.catalog, level: this.host.level };
    return html`
      <p class="summary" part="summary" role="status">
        ${
          principal.kind === 'staff'
            ? msg(
                str`${who} (${levelName(this.host.level)} access level) would see ${seenAttachments} of ${allAttachments} attachments and ${seenNotes} of ${allNotes} shared notes.`,
              )
            : msg(
                str`Client ${who} would see ${seenAttachments} of ${allAttachments} attachments and ${seenNotes} of ${allNotes} shared notes in the Customer Portal.`,
              )
        }
      </p>
      ${
        items.length === 0
          ? html`<p class="message" part="status">${msg('This record has no attachments or notes yet.')}</p>`
          : html`<table part="table">
            <caption class="visually-hidden">${msg(str`What ${who} would see`)}</caption>
            <thead>
              <tr>
                <th scope="col">${msg('Item')}</th>
                <th scope="col">${msg('Seen?')}</th>
                <th scope="col">${msg('Why')}</th>
              </tr>
            </thead>
            <tbody>
              ${decisions.map(
                ({ item, decision }) => html`<tr part="row" data-id=${item.id} data-visible=${decision.allowed ? 'true' : 'false'}>
                  <th scope="row" class="name" dir="auto">${'body' in item ? msg(str`Note: ${item.body.slice(0, 80)}`) : item.name}</th>
                  <td part="verdict" class="verdict">${decision.allowed ? msg('Visible') : msg('Hidden')}</td>
                  <td>
                    ${
                      decision.allowed
                        ? nothing
                        : html`<ul class="reasons">
                          ${decision.reasons.map((r) => html`<li part="reason" data-code=${r.code}>${reasonText(r, context)}</li>`)}
                        </ul>`
                    }
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`
      }
    `;
  }

  private choose(as: string, level: AccessLevel): void {
    this.host.as = as;
    this.host.level = level;
    void this.host.updateComplete.then(() => this.host.dispatchEvent(new AkViewAsChangeEvent(this.host.principal, this.host.level)));
  }
}
