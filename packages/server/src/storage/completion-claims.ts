import type pg from 'pg';
import type { SqliteDatabase } from './database.js';
import { msFromNow } from './postgres-database.js';

/** How the completion of an upload ended when it did not become an attachment: the problem its PATCH answered. */
export interface CompletionOutcome {
  status: number;
  code: string;
  detail: string;
}

/** Where the completion of an upload stands. */
export type ClaimState =
  /** A process runs it, and its lease has not run out. */
  | { state: 'running' }
  /** It was refused (or failed): `outcome` is the answer, for the upload's `owner` only. */
  | { state: 'settled'; owner: string; outcome: CompletionOutcome };

/**
 * Which process completes a finished tus upload (upload_claims: one row per
 * upload id), shared by every process on the metadata database: a completion
 * runs only under a claim, a claim is a lease that its holder renews while it
 * works, and a claim whose holder stopped renewing (killed, hung) may be
 * taken by another. A settled claim keeps the refusal for the client's
 * retries until it is swept.
 */
export interface CompletionClaims {
  /** Takes the completion of `id` for `holder` for `leaseMs`, unless a live lease or a settled outcome holds it; true when taken. */
  claim(id: string, holder: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Extends `holder`'s lease; false when it is no longer theirs (it ran out and was taken). */
  renew(id: string, holder: string, leaseMs: number): Promise<boolean>;
  /**
   * Ends `holder`'s claim: with no outcome (an attachment now, which answers for itself) the row goes; with one,
   * it stays `keepMs` to answer the client's retries.
   */
  settle(id: string, holder: string, outcome: CompletionOutcome | null, keepMs: number): Promise<void>;
  /** The claim's state; null when there is none (never claimed, removed, or its lease ran out). */
  get(id: string): Promise<ClaimState | null>;
  /** Removes settled claims kept long enough and leases that ran out; answers how many. */
  sweep(): Promise<number>;
}

interface ClaimRow {
  owner: string;
  outcome: string | null;
  expires: number;
}

const stateOf = (row: ClaimRow | undefined, now: number): ClaimState | null => {
  if (!row) return null;
  if (row.outcome !== null) return { state: 'settled', owner: row.owner, outcome: JSON.parse(row.outcome) as CompletionOutcome };
  return row.expires > now ? { state: 'running' } : null;
};

/** The claims on the server's SQLite database (one process; times from its clock, in ms). */
export function createSqliteCompletionClaims(db: SqliteDatabase): CompletionClaims {
  const claim = db.prepare<[{ id: string; holder: string; owner: string; expires: number; now: number }]>(
    `INSERT INTO upload_claims (id, holder, owner, expires, outcome) VALUES (@id, @holder, @owner, @expires, NULL)
     ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, owner = excluded.owner, expires = excluded.expires
     WHERE upload_claims.outcome IS NULL AND upload_claims.expires <= @now`,
  );
  const renew = db.prepare<[number, string, string]>(
    'UPDATE upload_claims SET expires = ? WHERE id = ? AND holder = ? AND outcome IS NULL',
  );
  const remove = db.prepare<[string, string]>('DELETE FROM upload_claims WHERE id = ? AND holder = ?');
  const settle = db.prepare<[string, number, string, string]>(
    'UPDATE upload_claims SET outcome = ?, expires = ? WHERE id = ? AND holder = ?',
  );
  const get = db.prepare<[string], ClaimRow>('SELECT owner, outcome, expires FROM upload_claims WHERE id = ?');
  const sweep = db.prepare<[number]>('DELETE FROM upload_claims WHERE expires <= ?');
  return {
    async claim(id, holder, owner, leaseMs) {
      const now = Date.now();
      return claim.run({ id, holder, owner, expires: now + leaseMs, now }).changes === 1;
    },
    async renew(id, holder, leaseMs) {
      return renew.run(Date.now() + leaseMs, id, holder).changes === 1;
    },
    async settle(id, holder, outcome, keepMs) {
      if (outcome) settle.run(JSON.stringify(outcome), Date.now() + keepMs, id, holder);
      else remove.run(id, holder);
    },
    async get(id) {
      return stateOf(get.get(id), Date.now());
    },
    async sweep() {
      return sweep.run(Date.now()).changes;
    },
  };
}

/**
 * The claims on PostgreSQL, shared by every process: each statement is one
 * atomic row operation, and times are the database's clock (`clock_timestamp()`),
 * the same for all processes whatever their own clocks say.
 */
export function createPostgresCompletionClaims(pool: pg.Pool): CompletionClaims {
  return {
    async claim(id, holder, owner, leaseMs) {
      const { rowCount } = await pool.query(
        `INSERT INTO upload_claims (id, holder, owner, expires, outcome) VALUES ($1, $2, $3, ${msFromNow('$4')}, NULL)
         ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, owner = excluded.owner, expires = excluded.expires
         WHERE upload_claims.outcome IS NULL AND upload_claims.expires <= clock_timestamp()`,
        [id, holder, owner, leaseMs],
      );
      return rowCount === 1;
    },
    async renew(id, holder, leaseMs) {
      const { rowCount } = await pool.query(
        `UPDATE upload_claims SET expires = ${msFromNow('$1')} WHERE id = $2 AND holder = $3 AND outcome IS NULL`,
        [leaseMs, id, holder],
      );
      return rowCount === 1;
    },
    async settle(id, holder, outcome, keepMs) {
      if (outcome)
        await pool.query(`UPDATE upload_claims SET outcome = $1, expires = ${msFromNow('$2')} WHERE id = $3 AND holder = $4`, [
          JSON.stringify(outcome),
          keepMs,
          id,
          holder,
        ]);
      else await pool.query('DELETE FROM upload_claims WHERE id = $1 AND holder = $2', [id, holder]);
    },
    async get(id) {
      const { rows } = await pool.query<{ owner: string; outcome: string | null; live: boolean }>(
        'SELECT owner, outcome, expires > clock_timestamp() AS live FROM upload_claims WHERE id = $1',
        [id],
      );
      const row = rows[0];
      return row ? stateOf({ owner: row.owner, outcome: row.outcome, expires: row.live ? 1 : 0 }, 0) : null;
    },
    async sweep() {
      const { rowCount } = await pool.query('DELETE FROM upload_claims WHERE expires <= clock_timestamp()');
      return rowCount ?? 0;
    },
  };
}
