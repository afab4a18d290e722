/**
 * The options of resumable (tus) uploads, apart from their implementation so
 * the server's public typings do not pull in @tus/server's own (which need
 * the types of every runtime srvx supports).
 */
export interface ResumableUploadOptions {
  /** How long an unfinished upload may take, counted from its creation (default 24 h); then it answers 410 and is swept. */
  expiresAfterMs?: number;
  /** How often expired uploads are removed (default hourly; also once at start). 0 turns the timer off. */
  sweepIntervalMs?: number;
}
