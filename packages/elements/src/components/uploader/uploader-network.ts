import { msg, str } from '@lit/localize';
import type { UploadItem, UploadQueue } from '@attachkit/sdk';

/*
 * The uploader's part of a lost signal: the live region says when one of its
 * uploads waits for the network (offline, or between retries) and when it goes
 * on again. The row itself shows "Waiting for the network… N%" (uploader.ts);
 * the queue side (stop at `offline`, resume at `online`) is the SDK's.
 */

export const waitingAnnouncement = (item: UploadItem): string =>
  msg(str`${item.name}: waiting for the network. The upload goes on by itself when the connection is back.`);

export const resumedAnnouncement = (item: UploadItem): string => msg(str`${item.name}: connection back, upload resumed.`);

/** Announces this uploader's uploads that wait for the network, and that go on again; returns the function that stops. */
export function announceNetwork(uploads: UploadQueue, mine: (item: UploadItem) => boolean, say: (text: string) => void): () => void {
  const waiting = new Set<string>();
  const stopWaiting = uploads.on('waiting-for-network', (item) => {
    if (!mine(item) || waiting.has(item.id)) return;
    waiting.add(item.id);
    say(waitingAnnouncement(item));
  });
  const stopUploading = uploads.on('uploading', (item) => {
    if (waiting.delete(item.id)) say(resumedAnnouncement(item));
  });
  // Paused, cancelled or discarded while waiting: no "resumed" later.
  const stopOthers = (['paused', 'cancelled', 'failed'] as const).map((status) =>
    uploads.on(status, (item) => void waiting.delete(item.id)),
  );
  return () => [stopWaiting, stopUploading, ...stopOthers].forEach((stop) => stop());
}
