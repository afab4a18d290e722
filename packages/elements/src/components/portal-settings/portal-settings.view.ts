/**
 * What `<ak-portal-settings>` loads on demand, the first time one is
 * connected: the switches with their reasons, saving, and its styles.
 * portal-settings.ts defines the element.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { msg, str } from '@lit/localize';
import { toAttachKitError, type PortalCapabilities, type PortalSettingDefinition, type PortalSettingsDocument } from '@attachkit/sdk';
import { Announcer } from '../../internal/announcer.js';
import { DismissibleError } from '../../internal/dismissible-error.js';
import type { LoadedView } from '../../internal/lazy-view.js';
import { AkErrorEvent } from '../../events/error.js';
import { AkPortalSettingChangeEvent } from '../../events/portal-setting-change.js';
import { appName, portalSettingDescription, portalSettingLabel } from '../../localization/labels.js';
import { errorText, reasonText } from '../../localization/reasons.js';
import { styles } from './portal-settings.styles.js';
import type { AkPortalSettings } from './portal-settings.js';

/** Loads the switches of one `<ak-portal-settings>`; `uid` prefixes the ids in its shadow root. */
export function portalSettingsView(host: AkPortalSettings, uid: string): LoadedView<PortalSettingsView> {
  return { view: new PortalSettingsView(host, uid), styles: [styles] };
}

class PortalSettingsView {
  private readonly commandError: DismissibleError;
  private readonly announcer: Announcer;

  constructor(
    private readonly host: AkPortalSettings,
    private readonly uid: string,
  ) {
    this.announcer = new Announcer(host);
    this.commandError = new DismissibleError(host);
  }

  /** Why a switch has no effect now: a missing app or a required switch in the wrong position. */
  private blockers(definition: PortalSettingDefinition, document: PortalSettingsDocument, capabilities: PortalCapabilities): string[] {
    const reasons: string[] = [];
    if (definition.requiresApp && !document.apps.includes(definition.requiresApp)) {
      const app = appName(definition.requiresApp);
      reasons.push(msg(str`Needs the ${app} app, which is not activated on the account.`));
    }
    for (const key of definition.requires ?? []) {
      const required = this.host.catalog.find((d) => d.key === key);
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

  render(): TemplateResult {
    const kit = this.host.kit;
    const state = this.host.settings.value;
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
      ${this.commandError.render()}
      <fieldset part="fieldset" aria-busy=${state.saving ? 'true' : 'false'}>
        <legend part="legend"><slot name="legend">${msg('Client Permissions')}</slot></legend>
        ${editReason ? html`<p class="notice" id="${this.uid}-locked">${msg('You can see these settings but not change them.')} ${editReason}</p>` : nothing}
        <ul>
          ${this.host.catalog.map((definition, index) => {
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

  private announce(text: string): void {
    this.announcer.announce(text);
  }

  private onClick(e: Event, reason: string | null): void {
    if (reason === null) return;
    e.preventDefault();
    this.announce(reason);
  }

  private async onChange(definition: PortalSettingDefinition, value: boolean): Promise<void> {
    const kit = this.host.kit;
    if (!kit) return;
    if (!this.host.dispatchEvent(new AkPortalSettingChangeEvent(definition.key, value))) {
      this.host.requestUpdate();
      return;
    }
    const label = portalSettingLabel(definition);
    try {
      await kit.portalSettings.update({ [definition.key]: value });
      this.commandError.set(null);
      this.announce(value ? msg(str`Saved: "${label}" is checked.`) : msg(str`Saved: "${label}" is unchecked.`));
    } catch (error) {
      const failure = toAttachKitError(error);
      const text = msg(str`Could not save "${label}": ${errorText(failure, { catalog: kit.catalog, level: kit.level })}`);
      this.commandError.set(text);
      this.announce(text);
      this.host.dispatchEvent(new AkErrorEvent('portalSettings.edit', failure));
    }
  }
}
