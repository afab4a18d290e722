import { msg, str } from '@lit/localize';
import { toAttachKitError, type AttachKit, type Attachment } from '@attachkit/sdk';
import { AkDownloadEvent } from '../events/download.js';
import { AkErrorEvent } from '../events/error.js';
import { errorText, type ReasonContext } from '../localization/reasons.js';

/**
 * Fetches an attachment's bytes and lets the browser save them under its name,
 * after a cancelable `ak-download` from `from` (a host may handle `content`
 * itself). Failures fire `ak-error`; both outcomes are announced.
 */
export async function downloadAttachment(
  from: HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment },
  kit: AttachKit,
  attachment: Attachment,
  announce: (text: string) => void,
  context: ReasonContext,
): Promise<void> {
  let content: Blob;
  try {
    content = await kit.backend.getAttachmentContent(attachment.id);
  } catch (error) {
    const failure = toAttachKitError(error);
    announce(errorText(failure, context));
    from.dispatchEvent(new AkErrorEvent('attachment.download', failure));
    return;
  }
  if (!from.dispatchEvent(new AkDownloadEvent(attachment, content))) return;
  const url = URL.createObjectURL(content);
  const link = document.createElement('a');
  link.href = url;
  link.download = attachment.name;
  link.rel = 'noopener';
  link.hidden = true;
  from.renderRoot.appendChild(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the save in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  announce(msg(str`Downloading ${attachment.name}.`));
}
