/**
 * What the upload queue tests share, in the SDK (upload-persistence) and over
 * the real server (packages/server/test/upload-queue-*): waiting for the
 * queue to reach a state, and the mobile tech who uploads from a phone.
 */
import type { AttachKit, UploadItem } from '../../src/index.js';

/** Resolves with what `pick` finds in the queue's items, checked now and on every change of the queue. */
export function untilQueue<T>(kit: AttachKit, pick: (items: UploadItem[]) => T | undefined): Promise<T> {
  return new Promise((resolve) => {
    const check = () => {
      const found = pick(kit.uploads.getState().items);
      if (found !== undefined) {
        stop();
        resolve(found);
      }
    };
    const stop = kit.uploads.subscribe(check);
    check();
  });
}

/** The first queue item for which `test` holds, once there is one. */
export const untilItem = (kit: AttachKit, test: (item: UploadItem) => boolean): Promise<UploadItem> =>
  untilQueue(kit, (items) => items.find(test));

/** All the queue's items, once `test` holds for them. */
export const untilItems = (kit: AttachKit, test: (items: UploadItem[]) => boolean): Promise<UploadItem[]> =>
  untilQueue(kit, (items) => (test(items) ? items : undefined));

/** The restricted user: a mobile tech who may view and upload attachments (the `mobile` access level). */
export const mobileTech = {
  kind: 'staff' as const,
  id: 'u-tech',
  name: 'Tom Tech',
  grants: { mobile: ['attachments.view', 'attachments.upload'] },
};
