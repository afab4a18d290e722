import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { msg, str } from '@lit/localize';
import {
  toAttachKitError,
  type AttachKit,
  type AttachKitError,
  type Attachment,
  type CollectionState,
  type CollectionStore,
  type Note,
} from '@attachkit/sdk';
import { StoreController } from '../controllers/store-controller.js';
import type { ItemKind } from '../events/base.js';
import { AkConfidentialEvent } from '../events/confidential.js';
import { AkDeleteEvent } from '../events/delete.js';
import { AkErrorEvent } from '../events/error.js';
import { AkSelectionChangeEvent } from '../events/selection-change.js';
import { AkShareEvent } from '../events/share.js';
import { formatNumber } from '../localization/format.js';
import { errorText, type ReasonContext } from '../localization/reasons.js';
import { resultMessage, type BulkAction } from './bulk-actions.js';
import type { ConfirmationRequest } from './confirmation.js';

export interface ItemListHost extends ReactiveControllerHost, EventTarget {
  readonly kit?: AttachKit;
}

export interface ItemListOptions {
  announce(text: string): void;
  confirm(request: ConfirmationRequest): Promise<boolean>;
  reasonContext(): ReasonContext;
}

/** What a toolbar or an error message reads from a list (of either kind). */
export interface ItemListView {
  readonly kind: ItemKind;
  readonly items: readonly (Attachment | Note)[];
  readonly selectedItems: readonly (Attachment | Note)[];
  readonly state: { readonly error: AttachKitError | null } | undefined;
  readonly commandError: AttachKitError | null;
  run(action: BulkAction): Promise<void>;
  reload(): Promise<void>;
  dismissError(): void;
}

/**
 * The data and commands of one record's attachments or notes: binds the
 * SDK store (load, retry), keeps the checked ids, and runs the bulk actions
 * with their confirmations (sharing Confidential items, deleting), the
 * cancelable `ak-share` / `ak-confidential` / `ak-delete` events, the
 * announcement of the result and `ak-error` on failure. The store stays the
 * only copy of the items; the controller holds only the selection.
 */
export class ItemListController<T extends Attachment | Note> implements ReactiveController, ItemListView {
  readonly kind: ItemKind;
  private readonly host: ItemListHost;
  private readonly options: ItemListOptions;
  private readonly data: StoreController<CollectionState<T>>;
  private checked: ReadonlySet<string> = new Set();
  private dismissed: AttachKitError | null = null;

  constructor(host: ItemListHost, kind: ItemKind, options: ItemListOptions) {
    this.host = host;
    this.kind = kind;
    this.options = options;
    this.data = new StoreController<CollectionState<T>>(host);
    host.addController(this);
  }

  hostConnected(): void {}

  /** Shows another store (or none); a different store starts with nothing checked. */
  bind(store: CollectionStore<T> | null): void {
    if (store === this.data.store) return;
    this.checked = new Set();
    this.data.bind(store);
    void store?.ensureLoaded();
  }

  get store(): CollectionStore<T> | null {
    return this.data.store as CollectionStore<T> | null;
  }

  get state(): CollectionState<T> | undefined {
    return this.data.value;
  }

  get items(): T[] {
    return this.data.value?.items ?? [];
  }

  /** The checked items that are still in the list, in list order. */
  get selectedItems(): T[] {
    return this.items.filter((i) => this.checked.has(i.id));
  }

  get selectedIds(): string[] {
    return this.selectedItems.map((i) => i.id);
  }

  isSelected(id: string): boolean {
    return this.checked.has(id);
  }

  isPending(id: string): boolean {
    return this.data.value?.pending.includes(id) ?? false;
  }

  /** The last command's error, until dismissed (a load error is shown on its own, with a retry). */
  get commandError(): AttachKitError | null {
    const state = this.data.value;
    if (!state?.error || state.status === 'error' || state.error === this.dismissed) return null;
    return state.error;
  }

  dismissError(): void {
    this.dismissed = this.data.value?.error ?? null;
    this.host.requestUpdate();
  }

  reload(): Promise<void> {
    return this.store?.load() ?? Promise.resolve();
  }

  toggle(id: string, checked: boolean): void {
    this.check([id], checked);
  }

  /** Checks or unchecks every id given, leaving the others as they are. */
  check(ids: Iterable<string>, checked: boolean): void {
    const next = new Set(this.checked);
    for (const id of ids) {
      if (checked) next.add(id);
      else next.delete(id);
    }
    this.setSelection(next);
  }

  setSelection(next: ReadonlySet<string>): void {
    this.checked = next;
    this.host.requestUpdate();
    this.host.dispatchEvent(new AkSelectionChangeEvent(this.kind, [...next]));
  }

  /** Runs a toolbar command on the checked items (after any confirmation and the host's veto). */
  run(action: BulkAction): Promise<void> {
    return this.runOn(action, this.selectedItems, 'selection');
  }

  /** Runs a command on the given items (a row's menu, or the checked ones). */
  async runOn(action: BulkAction, chosen: readonly T[], origin: 'selection' | 'row' = 'row'): Promise<void> {
    const store = this.store;
    const ids = chosen.map((i) => i.id);
    if (!store || ids.length === 0) return;
    if (!(await this.confirmed(action, chosen, origin))) return;

    const event =
      action.id === 'share' || action.id === 'hide'
        ? new AkShareEvent(this.kind, ids, action.id === 'share' ? 'viewable' : 'hidden')
        : action.id === 'delete'
          ? new AkDeleteEvent(this.kind, ids)
          : new AkConfidentialEvent(this.kind, ids, action.id === 'markConfidential');
    if (!this.host.dispatchEvent(event)) return;

    try {
      if (action.id === 'delete') {
        await store.remove(ids);
        if (ids.some((id) => this.checked.has(id))) this.setSelection(new Set([...this.checked].filter((id) => !ids.includes(id))));
      } else {
        await store[action.id](ids);
      }
      this.dismissed = null;
      this.options.announce(resultMessage(this.kind, action.id, ids.length));
    } catch (error) {
      const failure = toAttachKitError(error);
      this.options.announce(errorText(failure, this.options.reasonContext()));
      this.host.dispatchEvent(new AkErrorEvent(action.action, failure));
    }
  }

  /** Sharing Confidential items and deleting ask first; everything else runs at once. */
  private async confirmed(action: BulkAction, chosen: readonly T[], origin: 'selection' | 'row'): Promise<boolean> {
    const n = formatNumber(chosen.length);
    const attachments = this.kind === 'attachment';
    const one = origin === 'row' ? chosen[0] : undefined;
    const title = one ? ('name' in one ? one.name : one.body.slice(0, 60)) : '';
    if (action.id === 'share') {
      const confidential = chosen.filter((i) => i.confidential).length;
      if (confidential === 0) return true;
      const c = formatNumber(confidential);
      const message = one
        ? msg(str`"${title}" is marked Confidential. Make it viewable in the Customer Portal anyway?`)
        : attachments
          ? msg(str`${c} of the ${n} checked attachments are marked Confidential. Make them viewable in the Customer Portal anyway?`)
          : msg(str`${c} of the ${n} checked notes are marked Confidential. Make them viewable in the Customer Portal anyway?`);
      return this.options.confirm({ message, confirmLabel: msg('Share anyway') });
    }
    if (action.id === 'delete') {
      const message = one
        ? msg(str`Delete "${title}"? This cannot be undone.`)
        : attachments
          ? msg(str`Delete ${n} checked attachments? This cannot be undone.`)
          : msg(str`Delete ${n} checked notes? This cannot be undone.`);
      return this.options.confirm({ message, confirmLabel: msg('Delete'), danger: true });
    }
    return true;
  }
}
