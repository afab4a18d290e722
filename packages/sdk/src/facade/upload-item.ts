import type { AttachKitError, Reason } from '../errors.js';
import type { Attachment, RecordRef } from '../model/schemas.js';

/*
 * The state of one file in the upload queue, apart from the queue itself so
 * the facade's events can name it without importing the queue (which imports
 * the facade context: a cycle).
 */

export interface UploadBase {
  /** Local id of this queue entry (not the attachment id). */
  id: string;
  record: RecordRef;
  name: string;
  /** Bytes to upload: once a big photo is made smaller (`preparing`), the smaller file's size. */
  size: number;
  /** Restored from the device after a page reload (see `UploadQueue.restore`). */
  restored?: boolean;
}

/** One file's state in the queue: a discriminated union on `status`. */
export type UploadItem = UploadBase &
  (
    | { status: 'queued' }
    /** A big photo being made smaller on this device before it uploads (docs/photos.md); `uploading` follows. */
    | { status: 'preparing' }
    | { status: 'uploading'; loaded: number; total: number }
    /** Stopped by `pause(id)`; `resume(id)` goes on from the server's offset (resumable uploads) with progress kept. */
    /** `interrupted`: restored after a reload, waiting for the user's Resume or Discard. */
    | { status: 'paused'; loaded: number; total: number; interrupted?: boolean }
    /**
     * Restored, but another tab of this browser has it (restored there, or
     * uploading): nothing to do here. It becomes `paused` and `interrupted`
     * when that tab closes, or leaves the queue when that tab finishes or
     * discards it. Only with Web Locks (`navigator.locks`).
     */
    | { status: 'in-another-tab' }
    /** The network is gone (offline, or a retry's backoff): goes on by itself when it is back. */
    | { status: 'waiting-for-network'; loaded: number; total: number }
    /** A failure that may succeed on retry (network, server error). */
    | { status: 'failed'; error: AttachKitError }
    /** Refused for a reason a retry cannot fix (restrictions, policy, content). */
    | { status: 'rejected'; reason: Reason }
    | { status: 'cancelled' }
    | { status: 'done'; attachment: Attachment }
  );

export type UploadStatus = UploadItem['status'];

/** A change of an item's state: everything but its base (id, record, name, size). */
export type UploadChange = DistributiveOmit<UploadItem, keyof UploadBase>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
