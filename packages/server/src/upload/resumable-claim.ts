import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { AttachKitError } from '@attachkit/sdk';
import type { CompletionClaims, CompletionOutcome } from '../storage/completion-claims.js';

/** How long a claim lasts without renewal: a holder that stops renewing (killed, hung) loses it after this. */
export const defaultLeaseMs = 30_000;

/** 423 with `Retry-After`: another request (on this process or another) is completing the upload. */
export class UploadCompletingError extends AttachKitError {
  readonly retryAfter = 1;
  constructor() {
    super(
      'upload.completing',
      'All the bytes are here and the upload is being checked and committed by another request: ask again (HEAD) after Retry-After seconds.',
      { status: 423 },
    );
  }
}

/** The answer a completion's error gave, to be given again to the client's retries. */
export function outcomeOf(error: unknown): CompletionOutcome {
  if (error instanceof AttachKitError && error.status >= 400 && error.status < 600 && error.status !== 423)
    return { status: error.status, code: error.code, detail: error.message };
  return { status: 500, code: 'internal', detail: 'Something went wrong on the server.' };
}

/**
 * A completion that ended without a verdict on the file: 503, the scanner (or
 * another service the checks need) could not be reached. Unlike a refusal it
 * is not kept, and the upload's bytes are not removed.
 */
export const undecided = (error: unknown): boolean => error instanceof AttachKitError && error.status === 503;

/** The recorded outcome as the error to send. */
export const errorOf = (outcome: CompletionOutcome) => new AttachKitError(outcome.code, outcome.detail, { status: outcome.status });

export interface ClaimRun<T> {
  /** The upload's owner (`staff:<id>`): only they learn a settled outcome. */
  owner: string;
  /**
   * Called with true once the claim is this request's (the upload is then this request's to remove when it
   * answers), and with false if its lease was lost to another holder meanwhile (who then removes it) or the
   * completion ended {@link undecided} (the bytes stay for the client's retry).
   */
  onClaim(ours: boolean): void;
  /** The completion; `ours()` answers whether the claim is still this holder's (before removing anything). */
  body(ours: () => Promise<boolean>): Promise<T>;
}

/**
 * Runs completions of finished uploads under their claim in the metadata
 * store: one completion of an upload at a time across every process. The
 * holder renews its lease every third of it while it works; a completion
 * that finds the claim taken answers {@link UploadCompletingError} (the
 * client asks again), or the refusal a settled claim keeps.
 */
export function createClaimRunner(options: {
  claims: CompletionClaims;
  leaseMs?: number;
  /** How long a refusal is kept for the client's retries. */
  keepMs: number;
  log: { warn(object: unknown, message: string): void };
}) {
  const { claims, keepMs, log } = options;
  const leaseMs = options.leaseMs ?? defaultLeaseMs;
  // Every completion of this process holds claims under this name.
  const holder = `${hostname()}:${process.pid}:${randomUUID()}`;

  return async function underClaim<T>(id: string, run: ClaimRun<T>): Promise<T> {
    if (!(await claims.claim(id, holder, run.owner, leaseMs))) {
      const state = await claims.get(id);
      if (state?.state === 'settled') {
        run.onClaim(true); // what is left of a refused upload goes
        throw errorOf(state.outcome);
      }
      throw new UploadCompletingError();
    }
    run.onClaim(true);
    let lost = false;
    const renewal = setInterval(() => {
      claims.renew(id, holder, leaseMs).then(
        (kept) => (lost ||= !kept),
        (error: unknown) => log.warn({ err: error, id }, 'could not renew the completion claim'),
      );
    }, leaseMs / 3);
    renewal.unref();
    const ours = async () => !lost && (await claims.renew(id, holder, leaseMs).catch(() => false));
    try {
      const result = await run.body(ours);
      clearInterval(renewal);
      await claims.settle(id, holder, null, 0).catch((error: unknown) => log.warn({ err: error, id }, 'could not end a completion claim'));
      return result;
    } catch (error) {
      clearInterval(renewal);
      if (!(await ours())) {
        run.onClaim(false);
        throw new UploadCompletingError(); // another holder has taken over: it answers, and removes the upload
      }
      if (undecided(error)) {
        // Nothing was decided about the file (the scanner could not be asked): its bytes stay and the claim goes,
        // so the client's retry (HEAD) completes it again without sending the file twice.
        run.onClaim(false);
        await claims.settle(id, holder, null, 0).catch((e: unknown) => log.warn({ err: e, id }, 'could not end a completion claim'));
        throw error;
      }
      await claims.settle(id, holder, outcomeOf(error), keepMs).catch((e: unknown) => log.warn({ err: e, id }, 'could not settle a claim'));
      throw error;
    } finally {
      clearInterval(renewal);
    }
  };
}
