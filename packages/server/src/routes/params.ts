import type { RecordRef } from '@attachkit/sdk';

/** Route parameters of `/api/records/:type/:id/...`. */
export interface RecordParams {
  type: string;
  id: string;
}

/** Route parameters of `/api/attachments/:id` and `/api/notes/:id`. */
export interface ItemParams {
  id: string;
}

export const recordOf = (params: RecordParams): RecordRef => ({ type: params.type, id: params.id });
