import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Whether the host element is narrower than `breakpoint` (CSS px), kept up to
 * date by a ResizeObserver — for the few layouts CSS container queries cannot
 * express because the DOM itself changes (the permission matrix shows one user
 * at a time). It is the element's own width, not the viewport's.
 */
export class ContainerWidthController implements ReactiveController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly breakpoint: number;
  private observer: ResizeObserver | null = null;
  /** Below the breakpoint; false until the first measurement. */
  narrow = false;

  constructor(host: ReactiveControllerHost & HTMLElement, breakpoint: number) {
    this.host = host;
    this.breakpoint = breakpoint;
    host.addController(this);
  }

  hostConnected(): void {
    this.observer = new ResizeObserver((entries) => {
      // Safari before 15.4 has no contentBoxSize, whatever the DOM types say.
      const boxes = entries[0]?.contentBoxSize;
      const width = boxes?.[0]?.inlineSize ?? this.host.clientWidth;
      const narrow = width > 0 && width < this.breakpoint;
      if (narrow !== this.narrow) {
        this.narrow = narrow;
        this.host.requestUpdate();
      }
    });
    this.observer.observe(this.host);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = null;
  }
}
