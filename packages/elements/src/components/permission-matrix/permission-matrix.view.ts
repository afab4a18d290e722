/**
 * What `<ak-permission-matrix>` loads on demand, the first time one is
 * connected: the grid (or the one-user layout), its keyboard handling and
 * saving, and its styles. permission-matrix.ts defines the element.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { msg, str } from '@lit/localize';
import {
  findPermission,
  toAttachKitError,
  type AccessLevel,
  type PermissionCatalog,
  type PermissionDefinition,
  type StaffUser,
} from '@attachkit/sdk';
import { ContainerWidthController } from '../../internal/container-width.js';
import { Announcer } from '../../internal/announcer.js';
import { DismissibleError } from '../../internal/dismissible-error.js';
import type { LoadedView } from '../../internal/lazy-view.js';
import { AkErrorEvent } from '../../events/error.js';
import { AkGrantChangeEvent } from '../../events/grant-change.js';
import { permissionLabel, sectionLabel } from '../../localization/labels.js';
import { errorText, reasonText } from '../../localization/reasons.js';
import { renderOneUser } from './one-user.js';
import { styles } from './permission-matrix.styles.js';
import type { AkPermissionMatrix } from './permission-matrix.js';

interface Cell {
  user: StaffUser;
  permission: PermissionDefinition;
  granted: boolean;
  /** Why the cell cannot be changed, or null. */
  reason: string | null;
}

/** Loads the matrix of one `<ak-permission-matrix>`; `uid` prefixes the ids in its shadow root. */
export function permissionMatrixView(host: AkPermissionMatrix, uid: string): LoadedView<PermissionMatrixView> {
  return { view: new PermissionMatrixView(host, uid), styles: [styles] };
}

class PermissionMatrixView {
  private focusRow = 0;
  private focusColumn = 0;
  private readonly commandError: DismissibleError;
  /** Below 40rem of its own width the matrix shows one user at a time, permissions as rows. */
  private readonly width: ContainerWidthController;
  private readonly announcer: Announcer;

  constructor(
    private readonly host: AkPermissionMatrix,
    private readonly uid: string,
  ) {
    this.width = new ContainerWidthController(host, 640);
    this.announcer = new Announcer(host);
    this.commandError = new DismissibleError(host);
  }

  get catalog(): PermissionCatalog | undefined {
    return this.host.users.value?.catalog ?? this.host.kit?.catalog;
  }

  private cell(user: StaffUser, permission: PermissionDefinition): Cell {
    const held = new Set(user.grants[this.host.level] ?? []);
    const granted = held.has(permission.key);
    let reason: string | null = null;
    if (!granted) {
      const missing = (permission.requires ?? []).filter((r) => !held.has(r));
      if (missing.length > 0) {
        const labels = missing.map((key) => {
          const definition = this.catalog ? findPermission(this.catalog, this.host.level, key) : undefined;
          return `"${definition ? permissionLabel(definition) : key}"`;
        });
        const needed = labels.join(', ');
        reason = msg(str`Needs ${needed} first.`);
      }
    }
    return { user, permission, granted, reason };
  }

  render(): TemplateResult {
    const kit = this.host.kit;
    const state = this.host.users.value;
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
    const level = this.catalog?.levels.find((l) => l.level === this.host.level);
    if (!level)
      return html`<p class="message" part="status">${msg(str`The permission catalog has no "${this.host.level}" access level.`)}</p>`;
    const sections = level.sections.filter((s) => s.permissions.length > 0);
    const permissions = sections.flatMap((s) => s.permissions);
    const users = this.host.userId ? state.users.filter((u) => u.id === this.host.userId) : state.users;
    if (users.length === 0) return html`<p class="message" part="status">${msg(str`There is no user "${this.host.userId}".`)}</p>`;
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
    const levelTitle = this.host.level === 'mobile' ? msg('Mobile Access Level Permissions') : msg('Web Access Level Permissions');
    const caption = level.label === this.defaultLevelLabel(level.level) ? levelTitle : level.label;
    return html`
      ${this.commandError.render()}
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

  private announce(text: string): void {
    this.announcer.announce(text);
  }

  private onClick(e: Event, cell: Cell): void {
    if (!cell.reason) return;
    e.preventDefault();
    this.announce(cell.reason);
  }

  private async onChange(e: Event, cell: Cell): Promise<void> {
    const kit = this.host.kit;
    if (!kit || cell.reason) return;
    const granted = (e.target as HTMLInputElement).checked;
    if (!this.host.dispatchEvent(new AkGrantChangeEvent(cell.user.id, this.host.level, cell.permission.key, granted))) {
      this.host.requestUpdate();
      return;
    }
    const label = permissionLabel(cell.permission);
    try {
      await kit.users.setGrant(cell.user.id, this.host.level, cell.permission.key, granted);
      this.commandError.set(null);
      this.announce(
        granted ? msg(str`Saved: ${cell.user.name} now has "${label}".`) : msg(str`Saved: ${cell.user.name} no longer has "${label}".`),
      );
    } catch (error) {
      const failure = toAttachKitError(error);
      const text = msg(
        str`Could not save "${label}" for ${cell.user.name}: ${errorText(failure, { catalog: this.catalog, level: this.host.level })}`,
      );
      this.commandError.set(text);
      this.announce(text);
      this.host.dispatchEvent(new AkErrorEvent('grants.edit', failure));
    }
  }

  private moveFocus(row: number, column: number, focus = true): void {
    if (row !== this.focusRow || column !== this.focusColumn) {
      this.focusRow = row;
      this.focusColumn = column;
      this.host.requestUpdate();
    }
    if (!focus) return;
    void this.host.updateComplete.then(() => {
      this.host.renderRoot.querySelector<HTMLInputElement>(`input[data-row="${row}"][data-column="${column}"]`)?.focus();
    });
  }

  private readonly onKeydown = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (!(target instanceof HTMLInputElement) || target.dataset.row === undefined) return;
    const rows = this.host.users.value?.users.length ?? 0;
    let row = Number(target.dataset.row);
    const columns = this.host.renderRoot.querySelectorAll(`input[data-row="${row}"]`).length;
    let column = Number(target.dataset.column);
    const rtl = getComputedStyle(this.host).direction === 'rtl';
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
