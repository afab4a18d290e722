import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { localized, msg, str } from '@lit/localize';
import {
  findPermission,
  toAttachKitError,
  type AccessLevel,
  type PermissionCatalog,
  type PermissionDefinition,
  type StaffUser,
  type UsersState,
} from '@attachkit/sdk';
import { AkElement } from '../../internal/ak-element.js';
import { ContainerWidthController } from '../../internal/container-width.js';
import { Announcer } from '../../internal/announcer.js';
import { StoreController } from '../../controllers/store-controller.js';
import { AkErrorEvent } from '../../events/error.js';
import { AkGrantChangeEvent } from '../../events/grant-change.js';
import { permissionLabel, sectionLabel } from '../../localization/labels.js';
import { errorText, reasonText } from '../../localization/reasons.js';
import { controls, tokens } from '../../styles/tokens.js';
import { renderOneUser } from './one-user.js';
import { styles } from './permission-matrix.styles.js';

interface Cell {
  user: StaffUser;
  permission: PermissionDefinition;
  granted: boolean;
  /** Why the cell cannot be changed, or null. */
  reason: string | null;
}

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
 */
@localized()
export class AkPermissionMatrix extends AkElement {
  static override styles = [tokens, controls, styles];

  @property({ reflect: true }) level: AccessLevel = 'web';
  /** Show one user's row only (Ascora's user page); empty: every user. */
  @property({ attribute: 'user-id', reflect: true }) userId = '';

  @state() private focusRow = 0;
  @state() private focusColumn = 0;
  @state() private commandError: string | null = null;

  private readonly users = new StoreController<UsersState>(this);
  /** Below 40rem of its own width the matrix shows one user at a time, permissions as rows. */
  private readonly width = new ContainerWidthController(this, 640);

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('kit')) {
      this.users.bind(this.kit?.users ?? null);
      // Users and their grants are for those who may manage them (the server answers 403 to anyone else).
      if (this.kit?.can('grants.edit')) void this.kit.users.ensureLoaded();
    }
  }

  private get catalog(): PermissionCatalog | undefined {
    return this.users.value?.catalog ?? this.kit?.catalog;
  }

  private cell(user: StaffUser, permission: PermissionDefinition): Cell {
    const held = new Set(user.grants[this.level] ?? []);
    const granted = held.has(permission.key);
    let reason: string | null = null;
    if (!granted) {
      const missing = (permission.requires ?? []).filter((r) => !held.has(r));
      if (missing.length > 0) {
        const labels = missing.map((key) => {
          const definition = this.catalog ? findPermission(this.catalog, this.level, key) : undefined;
          return `"${definition ? permissionLabel(definition) : key}"`;
        });
        const needed = labels.join(', ');
        reason = msg(str`Needs ${needed} first.`);
      }
    }
    return { user, permission, granted, reason };
  }

  protected override render(): TemplateResult {
    const kit = this.kit;
    const state = this.users.value;
    if (!kit || !state)
      return html`<p class="message" part="status" role="status">${msg('Waiting for an AttachKit (place this element inside <ak-provider>).')}</p>`;
    const denied = kit.explain('grants.edit').reasons[0];
    if (denied) {
      return html`<p class="notice" part="status" role="status">
        ${msg("Users' permissions are shown only to those who may manage them.")} ${reasonText(denied, { catalog: this.catalog, level: kit.level })}
      </p>`;
    }
    if (state.status === 'error' && state.users.length === 0) {
      return html`<div class="error" part="error" role="alert">
        <span>${msg('The users could not be loaded.')} ${state.error ? errorText(state.error, { catalog: this.catalog, level: kit.level }) : ''}</span>
        <button type="button" @click=${() => kit.users.load()}>${msg('Retry')}</button>
      </div>`;
    }
    if (state.status !== 'ready' && state.users.length === 0) {
      return html`<p class="message" part="status" role="status">${msg('Loading users and permissions…')}</p>`;
    }
    const level = this.catalog?.levels.find((l) => l.level === this.level);
    if (!level) return html`<p class="message" part="status">${msg(str`The permission catalog has no "${this.level}" access level.`)}</p>`;
    const sections = level.sections.filter((s) => s.permissions.length > 0);
    const permissions = sections.flatMap((s) => s.permissions);
    const users = this.userId ? state.users.filter((u) => u.id === this.userId) : state.users;
    if (users.length === 0) return html`<p class="message" part="status">${msg(str`There is no user "${this.userId}".`)}</p>`;
    const grid = users.map((user) => permissions.map((p) => this.cell(user, p)));
    const reasons = [
      ...new Set(
        grid
          .flat()
          .map((c) => c.reason)
          .filter((r): r is string => r !== null),
      ),
    ];
    const reasonId = (reason: string) => `${this.uid}-why-${reasons.indexOf(reason)}`;
    const row = Math.min(this.focusRow, grid.length - 1);
    const column = Math.min(this.focusColumn, permissions.length - 1);
    const levelTitle = this.level === 'mobile' ? msg('Mobile Access Level Permissions') : msg('Web Access Level Permissions');
    const caption = level.label === this.defaultLevelLabel(level.level) ? levelTitle : level.label;
    return html`
      ${
        this.commandError
          ? html`<div class="error" part="error" role="alert">
            <span>${this.commandError}</span>
            <button type="button" @click=${() => (this.commandError = null)}>${msg('Dismiss')}</button>
          </div>`
          : nothing
      }
      ${
        this.width.narrow
          ? renderOneUser({
              uid: this.uid,
              users,
              row,
              sections,
              caption: html`<slot name="caption">${caption}</slot>`,
              pick: (r) => this.moveFocus(r, column, false),
              onKeydown: this.onKeydown,
              cell: (c) => {
                const cell = grid[row]?.[c];
                return cell ? this.renderCell(cell, row, c, c === column, reasonId) : html``;
              },
            })
          : html`      <div class="scroller">
        <table role="grid" part="table" aria-labelledby="${this.uid}-caption" @keydown=${this.onKeydown}>
          <caption id="${this.uid}-caption" part="caption"><slot name="caption">${caption}</slot></caption>
          ${sections.map((s) => html`<colgroup span=${s.permissions.length}></colgroup>`)}
          <thead>
            <tr>
              <td class="corner"></td>
              ${sections.map(
                (s) => html`<th scope="colgroup" colspan=${s.permissions.length} part="section" class="section">${sectionLabel(s)}</th>`,
              )}
            </tr>
            <tr>
              <th scope="col" class="user-heading">${msg('User')}</th>
              ${permissions.map(
                (p, c) =>
                  html`<th scope="col" part="permission" id="${this.uid}-col-${c}" title=${p.description}>${permissionLabel(p)}</th>`,
              )}
            </tr>
          </thead>
          <tbody>
            ${grid.map(
              (
                cells,
                r,
              ) => html`<tr data-user=${cells[0]?.user.id ?? ''} aria-busy=${state.pending.includes(cells[0]?.user.id ?? '') ? 'true' : 'false'}>
                <th scope="row" part="user" id="${this.uid}-row-${r}">${users[r]?.name ?? ''}</th>
                ${cells.map((cell, c) => this.renderCell(cell, r, c, r === row && c === column, reasonId))}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`
      }
      ${reasons.map((reason) => html`<span id=${reasonId(reason)} class="visually-hidden">${reason}</span>`)}
      ${this.announcer.render()}
    `;
  }

  private renderCell(cell: Cell, r: number, c: number, tabStop: boolean, reasonId: (reason: string) => string): TemplateResult {
    return html`<td part="cell" class=${cell.reason ? 'locked' : ''}>
      <input
        type="checkbox"
        part="checkbox"
        data-key=${cell.permission.key}
        data-row=${r}
        data-column=${c}
        tabindex=${tabStop ? 0 : -1}
        .checked=${live(cell.granted)}
        aria-labelledby="${this.uid}-col-${c} ${this.uid}-row-${r}"
        aria-disabled=${cell.reason ? 'true' : 'false'}
        aria-describedby=${cell.reason ? reasonId(cell.reason) : nothing}
        title=${cell.reason ?? nothing}
        @click=${(e: Event) => this.onClick(e, cell)}
        @change=${(e: Event) => this.onChange(e, cell)}
        @focus=${() => this.moveFocus(r, c, false)}
      />
    </td>`;
  }

  private defaultLevelLabel(level: AccessLevel): string {
    return level === 'mobile' ? 'Mobile Access Level Permissions' : 'Web Access Level Permissions';
  }

  private readonly announcer = new Announcer(this);

  private announce(text: string): void {
    this.announcer.announce(text);
  }

  private onClick(e: Event, cell: Cell): void {
    if (!cell.reason) return;
    e.preventDefault();
    this.announce(cell.reason);
  }

  private async onChange(e: Event, cell: Cell): Promise<void> {
    const kit = this.kit;
    if (!kit || cell.reason) return;
    const granted = (e.target as HTMLInputElement).checked;
    if (!this.dispatchEvent(new AkGrantChangeEvent(cell.user.id, this.level, cell.permission.key, granted))) {
      this.requestUpdate();
      return;
    }
    const label = permissionLabel(cell.permission);
    try {
      await kit.users.setGrant(cell.user.id, this.level, cell.permission.key, granted);
      this.commandError = null;
      this.announce(
        granted ? msg(str`Saved: ${cell.user.name} now has "${label}".`) : msg(str`Saved: ${cell.user.name} no longer has "${label}".`),
      );
    } catch (error) {
      const failure = toAttachKitError(error);
      const text = msg(
        str`Could not save "${label}" for ${cell.user.name}: ${errorText(failure, { catalog: this.catalog, level: this.level })}`,
      );
      this.commandError = text;
      this.announce(text);
      this.dispatchEvent(new AkErrorEvent('grants.edit', failure));
    }
  }

  private moveFocus(row: number, column: number, focus = true): void {
    this.focusRow = row;
    this.focusColumn = column;
    if (!focus) return;
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector<HTMLInputElement>(`input[data-row="${row}"][data-column="${column}"]`)?.focus();
    });
  }

  private readonly onKeydown = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (!(target instanceof HTMLInputElement) || target.dataset.row === undefined) return;
    const rows = this.users.value?.users.length ?? 0;
    let row = Number(target.dataset.row);
    const columns = this.renderRoot.querySelectorAll(`input[data-row="${row}"]`).length;
    let column = Number(target.dataset.column);
    const rtl = getComputedStyle(this).direction === 'rtl';
    if (this.width.narrow) {
      // One user: the permissions are rows, so ↑/↓ (and Home/End) move between them.
      const next = { ArrowDown: column + 1, ArrowUp: column - 1, Home: 0, End: columns - 1 }[e.key];
      if (next === undefined) return;
      e.preventDefault();
      this.moveFocus(row, Math.max(0, Math.min(columns - 1, next)));
      return;
    }
    switch (e.key) {
      case 'ArrowRight':
        column += rtl ? -1 : 1;
        break;
      case 'ArrowLeft':
        column += rtl ? 1 : -1;
        break;
      case 'ArrowDown':
        row += 1;
        break;
      case 'ArrowUp':
        row -= 1;
        break;
      case 'Home':
        column = 0;
        if (e.ctrlKey) row = 0;
        break;
      case 'End':
        column = columns - 1;
        if (e.ctrlKey) row = rows - 1;
        break;
      default:
        return;
    }
    e.preventDefault();
    this.moveFocus(Math.max(0, Math.min(rows - 1, row)), Math.max(0, Math.min(columns - 1, column)));
  };
}
