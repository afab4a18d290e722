/**
 * @attachkit/sdk/node — what only Node callers need: streaming uploads from
 * a file path or a `Readable` (no whole-file Blob in memory). The main entry
 * never imports this module, so browser builds never see `node:fs`.
 */
export { createNodeUploads, type NodeUploadOptions, type NodeUploads } from './file-upload.js';
