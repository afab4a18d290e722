import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Whether a media query matches, kept current while the host is connected
 * (the host updates when it changes: a tablet's keyboard cover detached, a
 * touch screen plugged in, DevTools' device mode).
 */
export class MediaQueryController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly query: string;
  private list: MediaQueryList | null = null;
  matches = false;

  constructor(host: ReactiveControllerHost, query: string) {
    this.host = host;
    this.query = query;
    host.addController(this);
  }

  hostConnected(): void {
    this.list = typeof matchMedia === 'function' ? matchMedia(this.query) : null;
    this.matches = this.list?.matches ?? false;
    this.list?.addEventListener('change', this.onChange);
  }

  hostDisconnected(): void {
    this.list?.removeEventListener('change', this.onChange);
    this.list = null;
  }

  private readonly onChange = (event: MediaQueryListEvent) => {
    this.matches = event.matches;
    this.host.requestUpdate();
  };
}
