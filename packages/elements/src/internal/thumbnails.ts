import { nothing, type ElementPart } from 'lit';
import { AsyncDirective, directive, PartType, type PartInfo } from 'lit/async-directive.js';
import type { AttachKit, Attachment } from '@attachkit/sdk';

/** Object URLs kept per kit; the oldest are released beyond this many. */
const keep = 400;

const caches = new WeakMap<AttachKit, Map<string, Promise<string | null>>>();

/**
 * An image attachment's thumbnail as an object URL (`backend.getAttachmentThumbnail`,
 * which carries the caller's credentials, unlike a plain `<img src>`), fetched
 * once per revision and shared by every element of the kit; null when there is none.
 */
export function thumbnailUrl(kit: AttachKit, attachment: Attachment): Promise<string | null> {
  let cache = caches.get(kit);
  if (!cache) caches.set(kit, (cache = new Map<string, Promise<string | null>>()));
  const key = `${attachment.id}@${attachment.revision}`;
  let url = cache.get(key);
  if (!url) {
    url = kit.backend.getAttachmentThumbnail(attachment.id).then(
      (blob) => URL.createObjectURL(blob),
      () => null,
    );
    cache.set(key, url);
    if (cache.size > keep) {
      const first = cache.entries().next();
      if (!first.done) {
        const [oldest, released] = first.value;
        cache.delete(oldest);
        void released.then((u) => u && URL.revokeObjectURL(u));
      }
    }
  }
  return url;
}

let observer: IntersectionObserver | null = null;
const pending = new WeakMap<Element, () => void>();

function whenVisible(element: Element, run: () => void): () => void {
  observer ??= new IntersectionObserver(
    (entries, self) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        self.unobserve(entry.target);
        pending.get(entry.target)?.();
        pending.delete(entry.target);
      }
    },
    { rootMargin: '200px' },
  );
  pending.set(element, run);
  observer.observe(element);
  return () => {
    pending.delete(element);
    observer?.unobserve(element);
  };
}

/**
 * `<img ${thumbnail(kit, attachment)}>`: loads the thumbnail when the image
 * comes near the viewport (lazy, like `loading="lazy"`), sets `src`, and marks
 * the element `data-state="loading" | "loaded" | "none"`. Until it has loaded
 * the styles show a same-sized file-type icon instead, so nothing moves.
 */
class ThumbnailDirective extends AsyncDirective {
  private element: HTMLImageElement | null = null;
  private key = '';
  private stop: (() => void) | null = null;

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('thumbnail() goes on an <img> element');
  }

  render(_kit: AttachKit | undefined, _attachment: Attachment) {
    return nothing;
  }

  override update(part: ElementPart, [kit, attachment]: [AttachKit | undefined, Attachment]) {
    const element = part.element as HTMLImageElement;
    const key = `${attachment.id}@${attachment.revision}`;
    if (element === this.element && key === this.key) return nothing;
    this.stop?.();
    this.element = element;
    this.key = key;
    element.removeAttribute('src');
    element.dataset.state = 'loading';
    if (!kit) return nothing;
    // Observe the parent (the image itself is not displayed until it has loaded); it is
    // known once Lit has inserted the template, after this update.
    let stopped = false;
    let unobserve = () => {};
    this.stop = () => {
      stopped = true;
      unobserve();
    };
    queueMicrotask(() => {
      if (stopped) return;
      unobserve = this.observe(element, kit, attachment, key);
    });
    return nothing;
  }

  private observe(element: HTMLImageElement, kit: AttachKit, attachment: Attachment, key: string): () => void {
    return whenVisible(element.parentElement ?? element, () => {
      void thumbnailUrl(kit, attachment).then((url) => {
        if (this.key !== key || this.element !== element) return;
        if (url) {
          element.addEventListener('load', () => (element.dataset.state = 'loaded'), { once: true });
          element.src = url;
        } else element.dataset.state = 'none';
      });
    });
  }

  protected override disconnected(): void {
    this.stop?.();
    this.stop = null;
    this.key = '';
  }

  protected override reconnected(): void {}
}

export const thumbnail = directive(ThumbnailDirective);
