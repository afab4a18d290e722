import { type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import type { AccessLevel, UsersState } from '@attachkit/sdk';
import { AkElement } from '../../internal/ak-element.js';
import { LazyView } from '../../internal/lazy-view.js';
import { StoreController } from '../../controllers/store-controller.js';
import { controls, tokens } from '../../styles/tokens.js';

/**
 * Users (rows) × permissions (columns) of one access level, grouped by the
 * catalog's sections, as Ascora's "Mobile Access Level Permissions". A
 * permission that requires another is disabled, with the reason, until the
 * other is granted; revoking a permission also revokes what depends on it.
 * Only users holding `users.managePermissions` see it (the server shows
 * users and their grants to nobody else); anyone else sees a notice with
 * the reason. Every change is saved through the SDK at once and rolled back
 * if refused.
 * The grid is one tab stop: arrow keys, Home and End move between cells
 * (roving tabindex), Space toggles.
 *
 * @tag ak-permission-matrix
 * @summary Users × permissions of one access level, with dependencies and optimistic saving.
 *
 * @attr level - The access level shown: `web` (default) or `mobile`.
 * @attr user-id - Show only this user's row, as on a user's own page (default: every user).
 * @attr data-theme - `light` or `dark` forces a theme.
 *
 * @fires {AkGrantChangeEvent} ak-grant-change - A cell was toggled and is about to be saved. Cancelable.
 * @fires {AkErrorEvent} ak-error - Loading or saving failed (the grant was rolled back).
 *
 * @csspart table - The grid.
 * @csspart caption - The access level's title.
 * @csspart section - A section's column-group header.
 * @csspart permission - A permission's column header.
 * @csspart user - A user's row header.
 * @csspart cell - A grid cell.
 * @csspart checkbox - A cell's checkbox.
 * @csspart user-picker - The user picker of the narrow layout (one user at a time, below 40rem).
 * @csspart status - The loading message.
 * @csspart error - An error with its retry or dismiss button.
 *
 * @cssprop --ak-permission-matrix-column-width - Width of a permission column (default 7.5rem).
 * @cssprop --ak-permission-matrix-max-height - Height before the grid scrolls (default none).
 * @cssprop --ak-color-surface-raised - Header background.
 *
 * @slot caption - Replaces the access level's title.
 *
 * The grid, its handlers and styles load on demand (permission-matrix.view.ts),
 * the first time the element is connected; `updateComplete` waits for them.
 */
@localized()
export class AkPermissionMatrix extends AkElement {
  static override styles = [tokens, controls];

  @property({ reflect: true }) level: AccessLevel = 'web';
  /** Show one user's row only (Ascora's user page); empty: every user. */
  @property({ attribute: 'user-id', reflect: true }) userId = '';

  /** @internal The users and their grants, for the view. */
  readonly users = new StoreController<UsersState>(this);
  private readonly view = new LazyView(this, async () =>
    (await import('./permission-matrix.view.js')).permissionMatrixView(this, this.uid),
  );

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('kit')) {
      this.users.bind(this.kit?.users ?? null);
      // Users and their grants are for those who may manage them (the server answers 403 to anyone else).
      if (this.kit?.can('grants.edit')) void this.kit.users.ensureLoaded();
    }
  }

  protected override render(): unknown {
    return this.view.render();
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    await this.view.ready;
    return super.getUpdateComplete();
  }
}
