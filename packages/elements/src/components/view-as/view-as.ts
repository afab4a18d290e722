import type { PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { localized } from '@lit/localize';
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
import { LazyView } from '../../internal/lazy-view.js';
import { controls, tokens } from '../../styles/tokens.js';

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
 *
 * The preview, its handlers and styles load on demand (view-as.view.ts), the
 * first time the element is connected; `updateComplete` waits for them.
 */
@localized()
export class AkViewAs extends AkElement {
  static override styles = [tokens, controls];

  @property({ attribute: 'record-type', reflect: true }) recordType = '';
  @property({ attribute: 'record-id', reflect: true }) recordId = '';
  /** `client:<id>` or `staff:<user id>`. */
  @property({ reflect: true }) as = '';
  @property({ reflect: true }) level: AccessLevel = 'web';
  /** Portal clients to offer (default: the clients the record's items belong to). */
  @property({ attribute: false }) clients?: ViewAsClient[];

  /** @internal */
  readonly attachments = new StoreController<CollectionState<Attachment>>(this);
  /** @internal */
  readonly notes = new StoreController<CollectionState<Note>>(this);
  /** @internal */
  readonly users = new StoreController<UsersState>(this);
  /** @internal */
  readonly portal = new StoreController<PortalSettingsState>(this);
  private readonly view = new LazyView(this, async () => (await import('./view-as.view.js')).viewAsView(this, this.uid));

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

  /** @internal What the policy says about one item for `principal`, with `kit`'s context at the previewed level. */
  decideFor(kit: AttachKit, principal: Principal, item: Attachment | Note): Decision {
    const action = 'body' in item ? 'note.view' : 'attachment.view';
    return explain(principal, action, item, { ...kit.policyContext(), level: this.level });
  }

  /** @internal The clients offered: `clients`, or those the record's items belong to. */
  clientChoices(): ViewAsClient[] {
    if (this.clients) return this.clients;
    const ids = new Set<string>();
    for (const item of [...(this.attachments.value?.items ?? []), ...(this.notes.value?.items ?? [])])
      if (item.clientId) ids.add(item.clientId);
    // Keep the chosen client selectable even before (or without) items that name it.
    if (this.as.startsWith('client:') && this.as.length > 'client:'.length) ids.add(this.as.slice('client:'.length));
    return [...ids].map((id) => ({ id }));
  }

  protected override render(): unknown {
    return this.view.render();
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    await this.view.ready;
    return super.getUpdateComplete();
  }
}
