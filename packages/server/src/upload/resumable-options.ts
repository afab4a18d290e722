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
  /**
   * How long a process's claim on completing a finished upload lasts without renewal (default 30 s, renewed every
   * third of it): another process takes over the completion of an upload whose completing process died after this.
   */
  completionLeaseMs?: number;
}
