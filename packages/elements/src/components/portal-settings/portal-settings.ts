import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { localized, msg, str } from '@lit/localize';
import {
  portalSettingsCatalog,
  toAttachKitError,
  type PortalCapabilities,
  type PortalSettingDefinition,
  type PortalSettingsCatalog,
  type PortalSettingsDocument,
  type PortalSettingsState,
} from '@attachkit/sdk';
import { AkElement } from '../../internal/ak-element.js';
import { Announcer } from '../../internal/announcer.js';
import { StoreController } from '../../controllers/store-controller.js';
import { AkErrorEvent } from '../../events/error.js';
import { AkPortalSettingChangeEvent } from '../../events/portal-setting-change.js';
import { appName, portalSettingDescription, portalSettingLabel } from '../../localization/labels.js';
import { errorText, reasonText } from '../../localization/reasons.js';
import { controls, tokens } from '../../styles/tokens.js';
import { styles } from './portal-settings.styles.js';

/**
 * The account's Customer Portal switches, as Daftra's "Client Permissions"
 * screen: the eleven switches in their order, with their own labels and
 * polarity (a "Disable …" switch turns the feature off when checked). A
 * switch that needs a host app (Work Orders, Booking) or another switch is
 * disabled with the reason. Each change is saved through the SDK at once
 * and rolled back if refused. Only users with `portal.manageSettings` can
 * change them.
 *
 * @tag ak-portal-settings
 * @summary The client-portal permission switches, with dependencies and saving.
 *
 * @attr data-theme - `light` or `dark` forces a theme.
 *
 * @fires {AkPortalSettingChangeEvent} ak-portal-setting-change - A switch was toggled and is about to be saved. Cancelable.
 * @fires {AkErrorEvent} ak-error - Loading or saving failed (the switch was rolled back).
 *
 * @csspart fieldset - The group of switches.
 * @csspart legend - Its title.
 * @csspart setting - One switch with its label and description.
 * @csspart checkbox - A switch's checkbox.
 * @csspart label - A switch's label.
 * @csspart polarity - The "checked turns it off" note of the disabling switches.
 * @csspart description - A switch's description.
 * @csspart reason - Why a switch cannot be changed.
 * @csspart status - The loading message.
 * @csspart error - An error with its retry or dismiss button.
 *
 * @cssprop --ak-portal-settings-gap - Space between switches (default 0.75rem).
 * @cssprop --ak-color-text-muted - Colour of descriptions and reasons.
 *
 * @slot legend - Replaces the title "Client Permissions".
 */
@localized()
export class AkPortalSettings extends AkElement {
  static override styles = [tokens, controls, styles];

  /** The switches shown, in order (default: the Daftra catalog). */
  @property({ attribute: false }) catalog: PortalSettingsCatalog = portalSettingsCatalog;

  @state() private commandError: string | null = null;

  private readonly settings = new StoreController<PortalSettingsState>(this);

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('kit')) {
      this.settings.bind(this.kit?.portalSettings ?? null);
      void this.kit?.portalSettings.ensureLoaded();
    }
  }

  /** Why a switch has no effect now: a missing app or a required switch in the wrong position. */
  private blockers(definition: PortalSettingDefinition, document: PortalSettingsDocument, capabilities: PortalCapabilities): string[] {
    const reasons: string[] = [];
    if (definition.requiresApp && !document.apps.includes(definition.requiresApp)) {
      const app = appName(definition.requiresApp);
      reasons.push(msg(str`Needs the ${app} app, which is not activated on the account.`));
    }
    for (const key of definition.requires ?? []) {
      const required = this.catalog.find((d) => d.key === key);
      if (!required || capabilities[required.capability].enabled) continue;
      if (required.key === 'disableOnlineAccess') {
        reasons.push(msg('Client online access is disabled.'));
        continue;
      }
      const label = portalSettingLabel(required);
      reasons.push(
        required.polarity === 'enable'
          ? msg(str`Needs "${label}" to be checked first.`)
          : msg(str`Needs "${label}" to be unchecked first.`),
      );
    }
    return reasons;
  }

  protected override render(): TemplateResult {
    const kit = this.kit;
    const state = this.settings.value;
    if (!kit || !state)
      return html`<p class="message" part="status" role="status">${msg('Waiting for an AttachKit (place this element inside <ak-provider>).')}</p>`;
    if (state.status === 'error' && !state.document) {
      return html`<div class="error" part="error" role="alert">
        <span>${msg('The Customer Portal settings could not be loaded.')} ${state.error ? errorText(state.error) : ''}</span>
        <button type="button" @click=${() => kit.portalSettings.load()}>${msg('Retry')}</button>
      </div>`;
    }
    if (!state.document || !state.capabilities) {
      return html`<p class="message" part="status" role="status">${msg('Loading the Customer Portal settings…')}</p>`;
    }
    const document = state.document;
    const capabilities = state.capabilities;
    const denied = kit.explain('portalSettings.edit').reasons[0];
    const editReason = denied ? reasonText(denied, { catalog: kit.catalog, level: kit.level }) : null;
    return html`
      ${
        this.commandError
          ? html`<div class="error" part="error" role="alert">
            <span>${this.commandError}</span>
            <button type="button" @click=${() => (this.commandError = null)}>${msg('Dismiss')}</button>
          </div>`
          : nothing
      }
      <fieldset part="fieldset" aria-busy=${state.saving ? 'true' : 'false'}>
        <legend part="legend"><slot name="legend">${msg('Client Permissions')}</slot></legend>
        ${editReason ? html`<p class="notice" id="${this.uid}-locked">${msg('You can see these settings but not change them.')} ${editReason}</p>` : nothing}
        <ul>
          ${this.catalog.map((definition, index) => {
            const blockers = this.blockers(definition, document, capabilities);
            const locked = editReason !== null || blockers.length > 0;
            const id = `${this.uid}-${index}`;
            const described = [`${id}-description`, blockers.length > 0 ? `${id}-reason` : '', editReason ? `${this.uid}-locked` : '']
              .filter(Boolean)
              .join(' ');
            return html`<li part="setting" class=${locked ? 'locked' : ''} data-key=${definition.key} data-polarity=${definition.polarity}>
              <input
                type="checkbox"
                part="checkbox"
                id=${id}
                .checked=${live(document.settings[definition.key])}
                aria-disabled=${locked ? 'true' : 'false'}
                aria-describedby=${described}
                @click=${(e: Event) => this.onClick(e, locked ? (blockers[0] ?? editReason) : null)}
                @change=${(e: Event) => this.onChange(definition, (e.target as HTMLInputElement).checked)}
              />
              <div class="text">
                <label for=${id} part="label">${portalSettingLabel(definition)}</label>
                ${
                  definition.polarity === 'disable'
                    ? html`<span class="polarity" part="polarity">${msg('Checked turns this off')}</span>`
                    : nothing
                }
                <p class="description" part="description" id="${id}-description">${portalSettingDescription(definition)}</p>
                ${blockers.length > 0 ? html`<p class="reason" part="reason" id="${id}-reason">${blockers.join(' ')}</p>` : nothing}
              </div>
            </li>`;
          })}
        </ul>
      </fieldset>
      ${this.announcer.render()}
    `;
  }

  private readonly announcer = new Announcer(this);

  private announce(text: string): void {
    this.announcer.announce(text);
  }

  private onClick(e: Event, reason: string | null): void {
    if (reason === null) return;
    e.preventDefault();
    this.announce(reason);
  }

  private async onChange(definition: PortalSettingDefinition, value: boolean): Promise<void> {
    const kit = this.kit;
    if (!kit) return;
    if (!this.dispatchEvent(new AkPortalSettingChangeEvent(definition.key, value))) {
      this.requestUpdate();
      return;
    }
    const label = portalSettingLabel(definition);
    try {
      await kit.portalSettings.update({ [definition.key]: value });
      this.commandError = null;
      this.announce(value ? msg(str`Saved: "${label}" is checked.`) : msg(str`Saved: "${label}" is unchecked.`));
    } catch (error) {
      const failure = toAttachKitError(error);
      const text = msg(str`Could not save "${label}": ${errorText(failure, { catalog: kit.catalog, level: kit.level })}`);
      this.commandError = text;
      this.announce(text);
      this.dispatchEvent(new AkErrorEvent('portalSettings.edit', failure));
    }
  }
}
