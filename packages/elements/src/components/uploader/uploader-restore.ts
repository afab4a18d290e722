import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { RecordRef, Reason, UploadItem, UploadQueue } from '@attachkit/sdk';
import { formatNumber } from '../../localization/format.js';
import { reasonText } from '../../localization/reasons.js';

/*
 * The uploader's part of uploads that survive a reload: which restored
 * uploads an uploader shows (those of its record), the row of an interrupted
 * one with Resume and Discard, the row of one another tab has, and the notice when the device's storage is
 * full or denied. The queue side is the SDK's (`uploads.restore()`).
 */

/** A restored upload (from an earlier page) of this record: the uploader of the record shows it. */
export const restoredFor = (item: UploadItem, record: RecordRef | null): boolean =>
  item.restored === true && record !== null && item.record.type === record.type && item.record.id === record.id;

export type Interrupted = Extract<UploadItem, { status: 'paused' }> & { interrupted: true };

export const isInterrupted = (item: UploadItem): item is Interrupted => item.status === 'paused' && item.interrupted === true;

/** The status part of an interrupted upload's row: how far it got, Resume and Discard. */
export function interruptedStatus(item: Interrupted, actions: { resume(): void; discard(): void }): TemplateResult {
  const percent = item.total > 0 ? Math.round((item.loaded / item.total) * 100) : 0;
  const button = (label: string, run: () => void, cls: string) =>
    html`<button type="button" class=${cls} part="file-action" aria-label=${`${label}: ${item.name}`} @click=${run}>${label}</button>`;
  return html`<progress part="progress" max="100" .value=${percent} aria-label=${msg(str`Uploading ${item.name}`)}></progress>
    <span class="state">${msg(str`Interrupted at ${formatNumber(percent)}%`)}</span>${button(msg('Resume'), () => actions.resume(), 'resume')}${button(
      msg('Discard'),
      () => actions.discard(),
      'discard',
    )}`;
}

/**
 * The status part of a restored upload another tab of this browser has
 * (restored or uploading there): no buttons, that tab resumes or discards
 * it; it turns into an interrupted upload here if that tab closes.
 */
export const inAnotherTabStatus = (): TemplateResult => html`<span class="state">${msg('In another tab of this browser')}</span>`;

export const inAnotherTabAnnouncement = (item: UploadItem): string =>
  msg(str`${item.name} is in another tab of this browser. It comes back here if that tab closes.`);

/** What the live region says when an upload another tab had comes back here. */
export const handedOverAnnouncement = (item: UploadItem): string => msg(str`${item.name}: the other tab closed. Resume or discard it.`);

/** What the live region says when an interrupted upload appears. */
export const interruptedAnnouncement = (item: UploadItem): string => msg(str`${item.name}: interrupted by a reload. Resume or discard it.`);

export const discardedAnnouncement = (item: UploadItem): string => msg(str`${item.name} discarded.`);

/** Why the uploads in progress will not survive a reload (storage full or denied), as a notice above the files. */
export function storageNotice(reason: Reason | undefined, text: (reason: Reason) => string): TemplateResult | typeof nothing {
  if (!reason) return nothing;
  // Announced through the uploader's live region when it appears; shown for as long as it holds.
  return html`<p class="storage-notice" part="storage-notice">${text(reason)}</p>`;
}

/**
 * Resume or Discard of an interrupted upload. The pressed button goes away
 * (Resume becomes Pause, Discard removes the row), so the focus moves to the
 * same row's first button, or after Discard to the next row's (else the
 * select button): a keyboard user stays in the list.
 */
export async function resumeOrDiscard(
  host: { root: HTMLElement | DocumentFragment; updated(): Promise<unknown>; fallback?: HTMLElement | undefined },
  uploads: UploadQueue,
  item: UploadItem,
  discard: boolean,
  say: (text: string) => void,
): Promise<void> {
  const firstButton = (id: string | null | undefined) => (id ? host.root.querySelector<HTMLElement>(`[data-upload="${id}"] button`) : null);
  if (!discard) {
    uploads.resume(item.id);
    await host.updated();
    firstButton(item.id)?.focus();
    return;
  }
  const row = host.root.querySelector(`[data-upload="${item.id}"]`);
  const next = (row?.nextElementSibling ?? row?.previousElementSibling)?.getAttribute('data-upload');
  const gone = uploads.discard(item.id);
  say(discardedAnnouncement(item));
  await host.updated();
  (firstButton(next) ?? host.fallback)?.focus();
  await gone;
}

/**
 * Announces an interrupted upload of this uploader when the queue restores it,
 * and the storage notice when it appears. Returns the function that stops.
 */
export function announceRestored(uploads: UploadQueue, mine: (item: UploadItem) => boolean, say: (text: string) => void): () => void {
  const elsewhere = new Set<string>();
  const stopElsewhere = uploads.on('in-another-tab', (item) => {
    elsewhere.add(item.id);
    if (mine(item)) say(inAnotherTabAnnouncement(item));
  });
  const stopPaused = uploads.on('paused', (item) => {
    if (isInterrupted(item) && mine(item)) say(elsewhere.has(item.id) ? handedOverAnnouncement(item) : interruptedAnnouncement(item));
    elsewhere.delete(item.id);
  });
  let notPersisted = uploads.getState().notPersisted;
  const stopState = uploads.subscribe((state) => {
    if (state.notPersisted && state.notPersisted.code !== notPersisted?.code) say(reasonText(state.notPersisted));
    notPersisted = state.notPersisted;
  });
  return () => {
    stopElsewhere();
    stopPaused();
    stopState();
  };
}
