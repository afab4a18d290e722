import type { PortalSettingsDocument } from '../backend/backend.js';
import type { AttachKitError } from '../errors.js';
import { portalCapabilities, type PortalCapabilities, type PortalSettings } from '../portal/portal-settings.js';
import { createStore, type ReadableStore } from '../store/store.js';
import type { LoadStatus } from './collection-store.js';
import { assertAllowed, type FacadeContext } from './context.js';

export interface PortalSettingsState {
  status: LoadStatus;
  document: PortalSettingsDocument | null;
  /** The positive capabilities the switches give, with the reasons each is off. */
  capabilities: PortalCapabilities | null;
  error: AttachKitError | null;
  saving: boolean;
}

const withCapabilities = (document: PortalSettingsDocument) => ({
  document,
  capabilities: portalCapabilities(document.settings, { apps: document.apps, paymentMethods: document.paymentMethods }),
});

/** The account's Customer Portal switches. */
export class PortalSettingsStore implements ReadableStore<PortalSettingsState> {
  private readonly store = createStore<PortalSettingsState>({
    status: 'idle',
    document: null,
    capabilities: null,
    error: null,
    saving: false,
  });
  private readonly context: FacadeContext;

  constructor(context: FacadeContext) {
    this.context = context;
  }

  getState = () => this.store.getState();
  subscribe: ReadableStore<PortalSettingsState>['subscribe'] = (listener) => this.store.subscribe(listener);

  async load(): Promise<void> {
    this.store.setState((s) => ({ ...s, status: 'loading', error: null }));
    try {
      const document = await this.context.backend.getPortalSettings();
      this.store.setState((s) => ({ ...s, status: 'ready', ...withCapabilities(document) }));
    } catch (error) {
      const failure = this.context.fail('portalSettings.get', error);
      this.store.setState((s) => ({ ...s, status: 'error', error: failure }));
    }
  }

  async ensureLoaded(): Promise<void> {
    const { status } = this.getState();
    if (status === 'idle' || status === 'error') await this.load();
  }

  /** Changes some switches: shown at once, rolled back if the backend refuses. */
  async update(change: Partial<PortalSettings>): Promise<PortalSettingsDocument> {
    assertAllowed(this.context, 'portalSettings.edit', []);
    if (!this.getState().document) await this.load();
    const before = this.getState().document;
    if (!before)
      throw this.getState().error ?? this.context.fail('portalSettings.edit', new Error('The portal settings could not be loaded.'));
    const next = { ...before, settings: { ...before.settings, ...change } };
    this.store.setState((s) => ({ ...s, ...withCapabilities(next), saving: true }));
    try {
      const saved = await this.context.backend.updatePortalSettings(next.settings);
      this.store.setState((s) => ({ ...s, ...withCapabilities(saved), saving: false, error: null }));
      this.context.audit({
        action: 'portalSettings.edit',
        target: { type: 'portalSettings', id: 'account' },
        before: before.settings,
        after: saved.settings,
      });
      return saved;
    } catch (error) {
      const failure = this.context.fail('portalSettings.edit', error);
      this.store.setState((s) => ({ ...s, ...withCapabilities(before), saving: false, error: failure }));
      throw failure;
    }
  }
}
