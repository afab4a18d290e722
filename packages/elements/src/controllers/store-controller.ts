import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Anything with `getState()` and `subscribe()`: every SDK store fits. */
export interface BindableStore<T> {
  getState(): T;
  subscribe(listener: (state: T, previous: T) => void): () => void;
}

/**
 * Binds a host element to a store: subscribes while the host is connected,
 * asks for an update on every change, and reads the state through `value`.
 * The component never keeps a second copy of server state.
 *
 * ```ts
 * private attachments = new StoreController(this);
 * willUpdate() { this.attachments.bind(kit.attachments(record)); }
 * render() { return this.attachments.value?.items … }
 * ```
 */
export class StoreController<T> implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private current: BindableStore<T> | null = null;
  private unsubscribe: (() => void) | null = null;
  private connected = false;

  constructor(host: ReactiveControllerHost, store: BindableStore<T> | null = null) {
    this.host = host;
    host.addController(this);
    if (store) this.bind(store);
  }

  /** The bound store, or null. */
  get store(): BindableStore<T> | null {
    return this.current;
  }

  /** The store's current state, or undefined when no store is bound. */
  get value(): T | undefined {
    return this.current?.getState();
  }

  /** Binds another store (or none). Binding the same store again does nothing. */
  bind(store: BindableStore<T> | null): void {
    if (store === this.current) return;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.current = store;
    if (this.connected) this.listen();
    this.host.requestUpdate();
  }

  hostConnected(): void {
    this.connected = true;
    this.listen();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private listen(): void {
    if (!this.current || this.unsubscribe) return;
    this.unsubscribe = this.current.subscribe(() => this.host.requestUpdate());
  }
}
