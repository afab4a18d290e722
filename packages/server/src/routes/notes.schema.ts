/** The OpenAPI description of the note routes (./notes.ts). */
import { ref } from '../openapi/components.js';
import { empty, errors, headers, itemWriteErrors, json, list } from '../openapi/responses.js';
import { ifMatchHeaders, itemParams, recordParams } from './params.schema.js';

const tags = ['notes'];

export const listNotes = () => ({
  tags,
  operationId: 'listNotes',
  summary: 'The record’s notes the caller may see, oldest first.',
  params: recordParams(),
  response: {
    200: list('Notes, filtered for the caller.', 'Note'),
    400: errors.invalid,
    401: errors.unauthenticated,
    404: errors.notFound,
  },
});

export const createNote = () => ({
  tags,
  operationId: 'createNote',
  summary: 'Writes a note (Hidden and not confidential unless set, which needs the share / mark permissions).',
  params: recordParams(),
  body: ref('NoteCreate'),
  response: {
    201: json('Created.', 'Note', { Location: headers.location('/api/notes/{id}'), ETag: headers.etag }),
    400: errors.invalid,
    401: errors.unauthenticated,
    403: errors.forbidden,
    404: errors.notFound,
  },
});

export const getNote = () => ({
  tags,
  operationId: 'getNote',
  summary: 'A note.',
  params: itemParams('note'),
  response: { 200: json('The note.', 'Note', { ETag: headers.etag }), 401: errors.unauthenticated, 404: errors.notFound },
});

export const patchNote = () => ({
  tags,
  operationId: 'patchNote',
  summary: 'Edits the text, shares/hides, or marks/clears Confidential.',
  description:
    'Editing the text is `note.edit`: the note’s author (with `notes.create`), or staff holding `notes.editOthers` for a note someone else wrote (403 `note.notAuthor` otherwise). The note then carries `updatedBy` and `updatedAt`, and the edit is audited with the old and the new text. Deleting follows the same authorship rule with `notes.delete`.',
  params: itemParams('note'),
  headers: ifMatchHeaders(headers.ifMatch),
  body: ref('NotePatch'),
  response: {
    200: json('The updated note.', 'Note', { ETag: headers.etag }),
    ...itemWriteErrors(),
  },
});

export const bulkUpdateNotes = () => ({
  tags,
  operationId: 'bulkUpdateNotes',
  summary: 'Sets portal visibility and/or confidentiality on several notes — all or nothing.',
  description:
    'One transaction, as for attachments: any unknown or invisible id is a 404, any forbidden one a 403, any concurrent change a 412; nothing changes then.',
  body: ref('BulkRequest'),
  response: {
    200: list('The updated notes, in the order of `ids` (duplicates removed).', 'Note'),
    ...itemWriteErrors(),
  },
});

export const deleteNote = () => ({
  tags,
  operationId: 'deleteNote',
  summary: 'Deletes a note.',
  params: itemParams('note'),
  headers: ifMatchHeaders(headers.ifMatch),
  response: { 204: empty('Deleted.'), ...itemWriteErrors() },
});
