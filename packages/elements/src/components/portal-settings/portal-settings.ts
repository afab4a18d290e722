import type { PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { portalSettingsCatalog, type PortalSettingsCatalog, type PortalSettingsState } from '@attachkit/sdk';
import { AkElement } from '../../internal/ak-element.js';
import { LazyView } from '../../internal/lazy-view.js';
import { StoreController } from '../../controllers/store-controller.js';
import { controls, tokens } from '../../styles/tokens.js';

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
 *
 * The switches, their handlers and styles load on demand (portal-settings.view.ts),
 * the first time the element is connected; `updateComplete` waits for them.
 */
@localized()
export class AkPortalSettings extends AkElement {
  static override styles = [tokens, controls];

  /** The switches shown, in order (default: the Daftra catalog). */
  @property({ attribute: false }) catalog: PortalSettingsCatalog = portalSettingsCatalog;

  /** @internal The account's settings, for the view. */
  readonly settings = new StoreController<PortalSettingsState>(this);
  private readonly view = new LazyView(this, async () => (await import('./portal-settings.view.js')).portalSettingsView(this, this.uid));

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('kit')) {
      this.settings.bind(this.kit?.portalSettings ?? null);
      void this.kit?.portalSettings.ensureLoaded();
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
