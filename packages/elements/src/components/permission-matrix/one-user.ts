import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { PermissionSection, StaffUser } from '@attachkit/sdk';
import { permissionLabel, sectionLabel } from '../../localization/labels.js';

export interface OneUserView {
  uid: string;
  users: StaffUser[];
  /** Index of the user shown. */
  row: number;
  sections: PermissionSection[];
  caption: TemplateResult;
  pick: (row: number) => void;
  onKeydown: (e: KeyboardEvent) => void;
  /** The checkbox of permission `column` for the user shown. */
  cell(column: number): TemplateResult;
}

/**
 * The narrow layout of the matrix: one user at a time (a user picker when
 * there are several), their permissions as rows grouped by section — the
 * same checkboxes as the wide grid, so saving, reasons and events are shared.
 */
export function renderOneUser(view: OneUserView): TemplateResult {
  const user = view.users[view.row];
  if (!user) return html``;
  let column = 0;
  return html`
    ${
      view.users.length > 1
        ? html`<div class="user-picker">
          <label for="${view.uid}-user">${msg('User')}</label>
          <select id="${view.uid}-user" part="user-picker" @change=${(e: Event) => view.pick(Number((e.target as HTMLSelectElement).value))}>
            ${view.users.map((u, r) => html`<option value=${r} ?selected=${r === view.row}>${u.name}</option>`)}
          </select>
        </div>`
        : nothing
    }
    <div class="scroller">
      <table role="grid" part="table" class="one-user" aria-labelledby="${view.uid}-caption" @keydown=${view.onKeydown}>
        <caption id="${view.uid}-caption" part="caption">${view.caption}<span class="visually-hidden">, ${msg(str`${user.name}`)}</span></caption>
        <tbody>
          ${view.sections.map(
            (s) => html`<tr class="section-row">
                <th scope="colgroup" colspan="2" part="section" class="section">${sectionLabel(s)}</th>
              </tr>
              ${s.permissions.map((p) => {
                const c = column++;
                return html`<tr data-user=${user.id}>
                  <th scope="row" part="permission" id="${view.uid}-col-${c}" title=${p.description}>${permissionLabel(p)}</th>
                  ${view.cell(c)}
                </tr>`;
              })}`,
          )}
        </tbody>
      </table>
    </div>
    <span id="${view.uid}-row-${view.row}" class="visually-hidden">${user.name}</span>
  `;
}
