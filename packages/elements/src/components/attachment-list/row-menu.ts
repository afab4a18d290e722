import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { createRef, ref, type Ref } from 'lit/directives/ref.js';
import { msg, str } from '@lit/localize';
import type { AttachKit, Attachment } from '@attachkit/sdk';
import { bulkActions, type BulkAction } from '../../internal/bulk-actions.js';
import { menuIcon } from '../../internal/icons.js';

/** The one-row commands that apply to an attachment as it is now, and that the principal may do. */
export function rowActions(kit: AttachKit, a: Attachment): BulkAction[] {
  return bulkActions('attachment').filter((action) => {
    if (action.id === 'share' && a.portal === 'viewable') return false;
    if (action.id === 'hide' && a.portal === 'hidden') return false;
    if (action.id === 'markConfidential' && a.confidential) return false;
    if (action.id === 'clearConfidential' && !a.confidential) return false;
    return kit.can(action.action, a);
  });
}

/**
 * The row menu of the cards (one popover for the whole list, filled with the
 * row that opened it): the attachment's full name, then the sharing,
 * Confidential and delete commands the principal may do on that row. A row
 * with none gets no menu button. WAI-ARIA menu button: Enter/Space/↓ open it
 * on the first item, ↑/↓/Home/End move, Esc or Tab close it, and focus returns
 * to the button.
 */
export class RowMenu implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly uid: string;
  private readonly options: { kit(): AttachKit | undefined; run(action: BulkAction, a: Attachment): void };
  private readonly popover: Ref<HTMLElement> = createRef();
  private target: Attachment | null = null;
  private opener: HTMLElement | null = null;

  constructor(host: ReactiveControllerHost, uid: string, options: RowMenu['options']) {
    this.host = host;
    this.uid = uid;
    this.options = options;
    host.addController(this);
  }

  hostConnected(): void {}

  renderButton(a: Attachment, tabIndex: number): TemplateResult | typeof nothing {
    const kit = this.options.kit();
    if (!kit || rowActions(kit, a).length === 0) return nothing;
    const open = this.target?.id === a.id;
    return html`<button
      type="button"
      class="icon-button row-menu-button"
      part="menu-button"
      data-column="3"
      tabindex=${tabIndex}
      aria-haspopup="menu"
      aria-expanded=${open ? 'true' : 'false'}
      aria-controls="${this.uid}-row-menu"
      aria-label=${msg(str`More actions for ${a.name}`)}
      @click=${(e: Event) => void this.open(a, e.currentTarget as HTMLElement)}
    >
      ${menuIcon}
    </button>`;
  }

  private async open(a: Attachment, opener: HTMLElement): Promise<void> {
    const popover = this.popover.value;
    if (popover?.matches(':popover-open') && this.target?.id === a.id) {
      popover.hidePopover();
      return;
    }
    this.target = a;
    this.opener = opener;
    this.host.requestUpdate();
    await this.host.updateComplete;
    const menu = this.popover.value;
    if (!menu) return;
    (menu as HTMLElement & { showPopover(options?: { source?: HTMLElement }): void }).showPopover({ source: opener });
    this.items()[0]?.focus();
  }

  private items(): HTMLButtonElement[] {
    return [...(this.popover.value?.querySelectorAll<HTMLButtonElement>('[role=menuitem]') ?? [])];
  }

  private readonly onKeydown = (e: KeyboardEvent) => {
    const items = this.items();
    const index = items.indexOf(e.target as HTMLButtonElement);
    const move = (to: number) => {
      e.preventDefault();
      items[(to + items.length) % items.length]?.focus();
    };
    if (e.key === 'ArrowDown') move(index + 1);
    else if (e.key === 'ArrowUp') move(index - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(items.length - 1);
    else if (e.key === 'Tab') this.close();
  };

  private close(): void {
    const menu = this.popover.value;
    if (menu?.matches(':popover-open')) menu.hidePopover();
  }

  private readonly onToggle = (e: Event) => {
    if ((e as ToggleEvent).newState !== 'closed') return;
    const opener = this.opener;
    this.target = null;
    this.opener = null;
    this.host.requestUpdate();
    // Back to the button, unless the user moved on (a click elsewhere, or Tab).
    const active = (this.popover.value?.getRootNode() as ShadowRoot | undefined)?.activeElement;
    if (opener?.isConnected && (!active || this.popover.value?.contains(active))) opener.focus();
  };

  render(): TemplateResult {
    const kit = this.options.kit();
    const a = this.target;
    const actions = kit && a ? rowActions(kit, a) : [];
    return html`<div
      ${ref(this.popover)}
      id="${this.uid}-row-menu"
      class="row-menu"
      part="row-menu"
      popover
      role="menu"
      aria-label=${a ? msg(str`Actions for ${a.name}`) : msg('Row actions')}
      @keydown=${this.onKeydown}
      @toggle=${this.onToggle}
    >
      ${a ? html`<p class="menu-title" dir="auto" role="presentation">${a.name}</p>` : nothing}
      ${actions.map(
        (action) => html`<button
          type="button"
          role="menuitem"
          tabindex="-1"
          class=${action.danger ? 'danger-text' : ''}
          data-action=${action.id}
          @click=${() => {
            this.close();
            if (a) this.options.run(action, a);
          }}
        >
          ${action.label}
        </button>`,
      )}
    </div>`;
  }
}
