import { html, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';

/** A device with a touch screen: its camera is a tap away. */
export const touchDevice = '(pointer: coarse), (any-pointer: coarse)';

/**
 * `<ak-uploader capture>`'s "Take Photo" button and the camera input it
 * opens (`accept="image/*" capture="environment"`: the back camera on a
 * phone). Shown only on touch devices; a real button, so Enter, Space and a
 * screen reader's activation all work, described like the main button.
 */
export function takePhoto(options: {
  denial: string | null;
  describedBy: string;
  say(text: string): void;
  onPicked(event: Event): void;
}): TemplateResult {
  const open = (event: Event) => {
    if (options.denial) {
      options.say(options.denial);
      return;
    }
    const button = event.currentTarget as HTMLElement;
    button.parentElement?.querySelector<HTMLInputElement>('input.camera')?.click();
  };
  return html`<button
      type="button"
      class="take-photo"
      part="take-photo"
      aria-disabled=${options.denial ? 'true' : 'false'}
      aria-describedby=${options.describedBy}
      @click=${open}
    >
      ${msg('Take Photo')}
    </button>
    <input class="camera" type="file" accept="image/*" capture="environment" hidden tabindex="-1" @change=${(e: Event) => options.onPicked(e)} />`;
}
