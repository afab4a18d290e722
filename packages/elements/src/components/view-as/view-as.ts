import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import {
  explain,
  type AccessLevel,
  type AttachKit,
  type Attachment,
  type CollectionState,
  type Decision,
  type Note,
  type PortalClient,
  type PortalSettingsState,
  type Principal,
  type UsersState,
} from '@attachkit/sdk';
import { AkElement } from '../../internal/ak-element.js';
import { StoreController } from '../../controllers/store-controller.js';
import { AkViewAsChangeEvent } from '../../events/view-as-change.js';
import { formatNumber } from '../../localization/format.js';
import { levelName } from '../../localization/labels.js';
import { errorText, reasonText } from '../../localization/reasons.js';
import { controls, tokens } from '../../styles/tokens.js';
import { styles } from './view-as.styles.js';

/** A portal client offered in the "view as" choice. */
export interface ViewAsClient {
  id: string;
  name?: string;
}

/**
 * Previews a record's attachments and shared notes as another principal —
 * a Customer Portal client or a staff user at an access level — and marks
 * every item they would not see with the policy's reasons (`explain()`),
 * e.g. "Marked Confidential, and … is not granted at the mobile access level."
 * It lists what the current user sees; nothing is fetched as the other person.
 *
 * @tag ak-view-as
 * @summary Preview a record's attachments as a portal client or staff user, with the reasons items are hidden.
 *
 * @attr record-type - The host record's type, e.g. `job`.
 * @attr record-id - The host record's id, e.g. `J-1042`.
 * @attr as - Who to preview as: `client:<id>` or `staff:<user id>` (empty: nobody chosen).
 * @attr level - The access level of a staff user: `web` (default) or `mobile`.
 * @attr data-theme - `light` or `dark` forces a theme.
 *
 * @fires {AkViewAsChangeEvent} ak-view-as-change - The person or access level previewed changed.
 *
 * @csspart controls - The person and access level choices.
 * @csspart summary - "Tess sees 2 of 3 attachments."
 * @csspart table - The preview table.
 * @csspart row - One item; `data-visible` is `true` or `false`.
 * @csspart verdict - "Visible" / "Hidden".
 * @csspart reason - One reason an item is hidden.
 * @csspart status - Loading and empty messages.
 *
 * @cssprop --ak-view-as-hidden-opacity - Opacity of the names of hidden items (default 0.75).
 * @cssprop --ak-color-danger - Colour of the "Hidden" verdict.
 */
@localized()
export class AkViewAs extends AkElement {
  static override styles = [tokens, controls, styles];

  @property({ attribute: 'record-type', reflect: true }) recordType = '';
  @property({ attribute: 'record-id', reflect: true }) recordId = '';
  /** `client:<id>` or `staff:<user id>`. */
  @property({ reflect: true }) as = '';
  @property({ reflect: true }) level: AccessLevel = 'web';
  /** Portal clients to offer (default: the clients the record's items belong to). */
  @property({ attribute: false }) clients?: ViewAsClient[];

  private readonly attachments = new StoreController<CollectionState<Attachment>>(this);
  private readonly notes = new StoreController<CollectionState<Note>>(this);
  private readonly users = new StoreController<UsersState>(this);
  private readonly portal = new StoreController<PortalSettingsState>(this);

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('kit') || changed.has('recordType') || changed.has('recordId')) {
      const kit = this.kit;
      const record = this.recordType && this.recordId ? { type: this.recordType, id: this.recordId } : null;
      this.attachments.bind(kit && record ? kit.attachments(record) : null);
      this.notes.bind(kit && record ? kit.notes(record) : null);
      this.users.bind(kit?.users ?? null);
      this.portal.bind(kit?.portalSettings ?? null);
      if (kit && record) {
        void kit.attachments(record).ensureLoaded();
        void kit.notes(record).ensureLoaded();
      }
      // Staff users (and their grants) are listed only to those who may manage permissions; others choose among clients.
      if (kit?.can('grants.edit')) void kit.users.ensureLoaded();
      void kit?.portalSettings.ensureLoaded();
    }
  }

  /** Loads the record again after a failure (attachments and notes). */
  private reload(): void {
    if (!this.kit || !this.recordType || !this.recordId) return;
    const record = { type: this.recordType, id: this.recordId };
    void this.kit.attachments(record).load();
    void this.kit.notes(record).load();
  }

  /** The principal previewed, or null. */
  get principal(): Principal | null {
    const [kind, ...rest] = this.as.split(':');
    const id = rest.join(':');
    if (!id) return null;
    if (kind === 'staff') return this.users.value?.users.find((u) => u.id === id) ?? null;
    if (kind === 'client') {
      const client = this.clientChoices().find((c) => c.id === id);
      const principal: PortalClient = { kind: 'client', id };
      if (client?.name) principal.name = client.name;
      return principal;
    }
    return null;
  }

  /** What the policy says about one item for the previewed principal. */
  decide(item: Attachment | Note): Decision | null {
    const principal = this.principal;
    const kit = this.kit;
    if (!principal || !kit) return null;
    return this.decideFor(kit, principal, item);
  }

  private decideFor(kit: AttachKit, principal: Principal, item: Attachment | Note): Decision {
    const action = 'body' in item ? 'note.view' : 'attachment.view';
    return explain(principal, action, item, { ...kit.policyContext(), level: this.level });
  }

  private clientChoices(): ViewAsClient[] {
    if (this.clients) return this.clients;
    const ids = new Set<string>();
    for (const item of [...(this.attachments.value?.items ?? []), ...(this.notes.value?.items ?? [])])
      if (item.clientId) ids.add(item.clientId);
    // Keep the chosen client selectable even before (or without) items that name it.
    if (this.as.startsWith('client:') && this.as.length > 'client:'.length) ids.add(this.as.slice('client:'.length));
    return [...ids].map((id) => ({ id }));
  }

  protected override render(): TemplateResult {
    const kit = this.kit;
    if (!kit)
      return html`<p class="message" part="status" role="status">${msg('Waiting for an AttachKit (place this element inside <ak-provider>).')}</p>`;
    const principal = this.principal;
    const staff = this.users.value?.users ?? [];
    const clients = this.clientChoices();
    const isStaff = this.as.startsWith('staff:');
    return html`
      <div class="controls" part="controls">
        <label for="${this.uid}-who">${msg('View as')}</label>
        <select id="${this.uid}-who" class="who" @change=${(e: Event) => this.choose((e.target as HTMLSelectElement).value, this.level)}>
          <option value="" ?selected=${!principal}>${msg('Choose a client or user…')}</option>
          ${
            clients.length > 0
              ? html`<optgroup label=${msg('Customer Portal clients')}>
                ${clients.map((c) => html`<option value="client:${c.id}" ?selected=${this.as === `client:${c.id}`}>${c.name ?? c.id}</option>`)}
              </optgroup>`
              : nothing
          }
          ${
            staff.length > 0
              ? html`<optgroup label=${msg('Staff users')}>
                ${staff.map((u) => html`<option value="staff:${u.id}" ?selected=${this.as === `staff:${u.id}`}>${u.name}</option>`)}
              </optgroup>`
              : nothing
          }
        </select>
        ${
          isStaff
            ? html`<label for="${this.uid}-level">${msg('Access level')}</label>
              <select id="${this.uid}-level" class="level" @change=${(e: Event) => this.choose(this.as, (e.target as HTMLSelectElement).value as AccessLevel)}>
                ${(['web', 'mobile'] as const).map((l) => html`<option value=${l} ?selected=${this.level === l}>${levelName(l)}</option>`)}
              </select>`
            : nothing
        }
      </div>
      ${this.renderPreview(kit, principal)}
    `;
  }

  private renderPreview(kit: AttachKit, principal: Principal | null): TemplateResult {
    const attachments = this.attachments.value;
    const notes = this.notes.value;
    if (!attachments || !notes)
      return html`<p class="message" part="status">${msg('Set the record-type and record-id attributes to preview a record.')}</p>`;
    if (!principal) return html`<p class="message" part="status">${msg('Choose a client or user to see what they would see.')}</p>`;
    if (attachments.status === 'error' && attachments.items.length === 0) {
      return html`<div class="error" part="error" role="alert">
        <span>${msg('The attachments could not be loaded.')} ${attachments.error ? errorText(attachments.error, { catalog: kit.catalog, level: this.level }) : ''}</span>
        <button type="button" @click=${() => this.reload()}>${msg('Retry')}</button>
      </div>`;
    }
    if (attachments.status !== 'ready' && attachments.items.length === 0) {
      return html`<p class="message" part="status" role="status">${msg('Loading attachments…')}</p>`;
    }
    if (principal.kind === 'client' && !this.portal.value?.document) {
      return html`<p class="message" part="status" role="status">${msg('Loading the Customer Portal settings…')}</p>`;
    }
    const items: (Attachment | Note)[] = [...attachments.items, ...notes.items];
    const decisions = items.map((item) => ({ item, decision: this.decideFor(kit, principal, item) }));
    const seen = decisions.filter((d) => d.decision.allowed);
    const who = principal.kind === 'staff' ? principal.name : (principal.name ?? principal.id);
    const seenAttachments = formatNumber(seen.filter((d) => !('body' in d.item)).length);
    const allAttachments = formatNumber(attachments.items.length);
    const seenNotes = formatNumber(seen.filter((d) => 'body' in d.item).length);
    const allNotes = formatNumber(notes.items.length);
    const context = { catalog: kit.catalog, level: this.level };
    return html`
      <p class="summary" part="summary" role="status">
        ${
          principal.kind === 'staff'
            ? msg(
                str`${who} (${levelName(this.level)} access level) would see ${seenAttachments} of ${allAttachments} attachments and ${seenNotes} of ${allNotes} shared notes.`,
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
    this.as = as;
    this.level = level;
    void this.updateComplete.then(() => this.dispatchEvent(new AkViewAsChangeEvent(this.principal, this.level)));
  }
}
