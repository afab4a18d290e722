import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { AttachKit } from '@attachkit/sdk';
import { attachKitContext } from '../context.js';
import type { ReasonContext } from '../localization/reasons.js';

let instances = 0;

/**
 * What every attachkit element repeats: the `AttachKit` from the nearest
 * `<ak-provider>` (or set directly), a page-unique id prefix for the ids its
 * shadow root links with `aria-*` and `for`, and the context reason
 * sentences need. Elements render nothing of their own here.
 */
export class AkElement extends LitElement {
  /** The AttachKit, from the nearest `<ak-provider>` or set directly. */
  @consume({ context: attachKitContext, subscribe: true })
  @property({ attribute: false })
  kit?: AttachKit;

  /** Prefix of the ids inside this element's shadow root, unique on the page. */
  protected readonly uid = `ak-${++instances}`;

  /** What `reasonText` / `errorText` need to name permissions and access levels. */
  protected reasonContext(): ReasonContext {
    return { catalog: this.kit?.catalog, level: this.kit?.level };
  }
}
