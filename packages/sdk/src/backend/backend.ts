import type { PermissionCatalog } from '../catalog/catalog-schema.js';
import type {
  AccessLevel,
  Attachment,
  AttachmentPatch,
  AuditEntry,
  BulkSet,
  Grants,
  Note,
  NoteCreate,
  NotePatch,
  Principal,
  RecordRef,
  StaffUser,
} from '../model/schemas.js';
import type { PortalSettings } from '../portal/portal-settings.js';

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadOptions extends RequestOptions {
  onProgress?: (progress: UploadProgress) => void;
  /**
   * Resumable uploads (HTTP backend with a tus server, large files): `url`
   * resumes an upload started before (from the server's offset); `onUrl`
   * hears the upload's URL as soon as it exists, to keep for a later resume.
   * Backends without resumable uploads ignore it.
   */
  resumable?: { url?: string; onUrl?: (url: string) => void };
}

export interface WriteOptions extends RequestOptions {
  /** Only apply when the item is still at this revision (HTTP `If-Match`); otherwise fail with `revision.stale`. */
  ifRevision?: number;
}

/** A file to upload: a browser `File` is a Blob with a name; in Node pass `{ name, data: new Blob([...]) }`. */
export interface UploadInput {
  name: string;
  data: Blob;
}

/** Who the backend acts for, and at which access level. */
export interface Session {
  principal: Principal;
  level: AccessLevel;
}

/** The account's portal switches plus what they depend on. */
export interface PortalSettingsDocument {
  settings: PortalSettings;
  /** Activated host apps, e.g. `['workOrders', 'booking']`. */
  apps: string[];
  /** Activated payment methods, e.g. `['card']`. */
  paymentMethods: string[];
}

/**
 * The SDK's only I/O. Every implementation (memory, HTTP) applies the policy
 * for its principal and passes the same contract suite. Every call rejects
 * with an `AttachKitError` (404 for what the caller may not see, 403 with a
 * reason for forbidden writes, 400 with field issues for bad input, 412 for a
 * stale revision).
 */
export interface AttachKitBackend {
  /**
   * The server this backend talks to (the HTTP backend's base URL). Keys what
   * the SDK keeps on the device (persisted uploads), with the principal;
   * backends without one (memory) get no persistence by default.
   */
  readonly server?: string;

  session(options?: RequestOptions): Promise<Session>;

  listAttachments(record: RecordRef, options?: RequestOptions): Promise<Attachment[]>;
  getAttachment(id: string, options?: RequestOptions): Promise<Attachment>;
  /** The bytes of an attachment. */
  getAttachmentContent(id: string, options?: RequestOptions): Promise<Blob>;
  /**
   * A small preview of a raster image attachment (JPEG, PNG, GIF, WebP), under
   * the same policy as its content (404 when the caller may not see it, or for
   * a type without a thumbnail). HTTP: `GET /api/attachments/:id/thumbnail`.
   */
  getAttachmentThumbnail(id: string, options?: RequestOptions): Promise<Blob>;
  uploadAttachment(record: RecordRef, file: UploadInput, options?: UploadOptions): Promise<Attachment>;
  /**
   * Abandons a resumable upload whose URL `resumable.onUrl` reported: the
   * server removes the bytes it holds (tus DELETE). An upload that is already
   * gone is no error. Backends without resumable uploads leave it out.
   */
  discardResumableUpload?(url: string, options?: RequestOptions): Promise<void>;
  patchAttachment(id: string, patch: AttachmentPatch, options?: WriteOptions): Promise<Attachment>;
  /** All or nothing: either every id is updated or none is. */
  bulkUpdateAttachments(ids: string[], set: BulkSet, options?: RequestOptions): Promise<Attachment[]>;
  deleteAttachment(id: string, options?: WriteOptions): Promise<void>;

  listNotes(record: RecordRef, options?: RequestOptions): Promise<Note[]>;
  createNote(record: RecordRef, note: NoteCreate, options?: RequestOptions): Promise<Note>;
  patchNote(id: string, patch: NotePatch, options?: WriteOptions): Promise<Note>;
  bulkUpdateNotes(ids: string[], set: BulkSet, options?: RequestOptions): Promise<Note[]>;
  deleteNote(id: string, options?: WriteOptions): Promise<void>;

  getPermissionCatalog(options?: RequestOptions): Promise<PermissionCatalog>;
  listUsers(options?: RequestOptions): Promise<StaffUser[]>;
  /** Replaces the user's grants at the levels given (other levels are kept). */
  updateGrants(userId: string, grants: Grants, options?: RequestOptions): Promise<StaffUser>;

  getPortalSettings(options?: RequestOptions): Promise<PortalSettingsDocument>;
  updatePortalSettings(settings: PortalSettings, options?: RequestOptions): Promise<PortalSettingsDocument>;

  listAudit(options?: RequestOptions & { limit?: number }): Promise<AuditEntry[]>;
}
