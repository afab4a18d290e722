import { html, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { UploadItem, UploadQueue } from '@attachkit/sdk';
import { formatNumber, formatSize } from '../../localization/format.js';
import { errorText, reasonText, type ReasonContext } from '../../localization/reasons.js';
import { inAnotherTabStatus, interruptedStatus, isInterrupted } from './uploader-restore.js';

/*
 * One row of `<ak-uploader>`'s file list: the file's name and size, and what
 * its status allows (progress, Cancel, Pause, Resume, Retry, the sentence of a
 * failure or refusal). The element owns the list, the live region and the
 * focus (uploader-focus.ts: when a status's buttons give way to the next
 * status's, the focus stays in the row); a row only renders an item of the
 * queue and calls the queue's actions.
 */

/** What a row needs from its uploader. */
export interface ItemContext {
  /** The queue the item belongs to (the kit's). */
  uploads: UploadQueue;
  /** How reasons and errors are put into words (locale, access level, restrictions). */
  reasonContext: ReasonContext;
  /** Resume (`discard` false) or Discard of an upload an earlier page left. */
  reopen(item: UploadItem, discard: boolean): void;
}

/** Why a file was refused, in words that name it ("setup.exe: executable files cannot be attached."). */
export const rejectionText = (item: UploadItem & { status: 'rejected' }, context: ReasonContext): string =>
  reasonText(item.reason, { ...context, file: { name: item.name, size: item.size } });

const percentOf = (item: { loaded: number; total: number }): number => (item.total > 0 ? Math.round((item.loaded / item.total) * 100) : 0);

/** The `<li>` of one queue item. */
export function uploadItem(item: UploadItem, context: ItemContext): TemplateResult {
  const { uploads } = context;
  const action = (label: string, run: () => void, cls: string) =>
    html`<button type="button" class=${cls} part="file-action" aria-label=${`${label}: ${item.name}`} @click=${run}>${label}</button>`;
  let status: TemplateResult;
  switch (item.status) {
    case 'queued':
      status = html`<span class="state">${msg('Waiting…')}</span>${action(msg('Cancel'), () => uploads.cancel(item.id), 'cancel')}`;
      break;
    case 'preparing':
      // No percentage: the photo's new size is not known yet (uploading then counts the smaller file's bytes).
      status = html`<progress part="progress" aria-label=${msg(str`Making ${item.name} smaller`)}></progress>
        <span class="state">${msg('Making the photo smaller…')}</span
        >${action(msg('Cancel'), () => uploads.cancel(item.id), 'cancel')}`;
      break;
    case 'uploading': {
      const percent = percentOf(item);
      status = html`<progress part="progress" max="100" .value=${percent} aria-label=${msg(str`Uploading ${item.name}`)}></progress>
        <span class="state">${formatNumber(percent)}%</span>${action(msg('Pause'), () => uploads.pause(item.id), 'pause')}${action(msg('Cancel'), () => uploads.cancel(item.id), 'cancel')}`;
      break;
    }
    case 'paused':
    case 'waiting-for-network': {
      if (isInterrupted(item)) {
        status = interruptedStatus(item, { resume: () => context.reopen(item, false), discard: () => context.reopen(item, true) });
        break;
      }
      const percent = percentOf(item);
      const label = item.status === 'paused' ? msg('Paused') : msg('Waiting for the network…');
      status = html`<progress part="progress" max="100" .value=${percent} aria-label=${msg(str`Uploading ${item.name}`)}></progress>
        <span class="state">${label} ${formatNumber(percent)}%</span>${action(msg('Resume'), () => uploads.resume(item.id), 'resume')}${action(msg('Cancel'), () => uploads.cancel(item.id), 'cancel')}`;
      break;
    }
    case 'in-another-tab':
      status = inAnotherTabStatus();
      break;
    case 'failed':
      status = html`<span class="file-error" part="file-error">${errorText(item.error, context.reasonContext)}</span>${action(
        msg('Retry'),
        () => uploads.retry(item.id),
        'retry',
      )}`;
      break;
    case 'rejected':
      status = html`<span class="file-error" part="file-error">${rejectionText(item, context.reasonContext)}</span>`;
      break;
    case 'cancelled':
      status = html`<span class="state">${msg('Cancelled')}</span>${action(msg('Retry'), () => uploads.retry(item.id), 'retry')}`;
      break;
    case 'done':
      status = html`<span class="state done">${msg('Attached — hidden from the Customer Portal')}</span>`;
      break;
  }
  return html`<li part="file" class="file" data-status=${item.status} data-upload=${item.id}>
    <span class="name" dir="auto" title=${item.name}>${item.name}</span>
    <span class="size">${formatSize(item.size)}</span>
    ${status}
  </li>`;
}
