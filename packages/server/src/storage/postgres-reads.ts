import type pg from 'pg';

/** One read: a scalar subquery (`$1`… numbered from 1) giving one value, and how to turn that value into the answer. */
export interface PostgresRead<T> {
  /** Names the statement shape (for the prepared statement); the same name always means the same SQL. */
  name: string;
  sql: string;
  values: readonly unknown[];
  decode(value: unknown): T;
}

/** Runs reads; reads asked for in the same turn of the event loop share one statement. */
export type PostgresReads = <T>(read: PostgresRead<T>) => Promise<T>;

interface Pending {
  read: PostgresRead<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Batches of more reads than this are not kept as prepared statements (their shapes would be too many). */
const maxPreparedReads = 4;

/** `sql` with its parameters `$1…$n` renumbered from `$first`. */
const renumber = (sql: string, first: number) => sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + first - 1}`);

/**
 * Reads on PostgreSQL that travel together: the reads a request issues at
 * once (the caller, the portal settings, a record's list…) are gathered until
 * the current synchronous code is done (a microtask, no added wait) and sent
 * as one `SELECT (…) AS r0, (…) AS r1, …`, one round trip on one pooled
 * connection instead of one each. Every read still runs after it was asked
 * for, against the committed state of that moment (one statement: one
 * snapshot), so nothing is served from a copy. A statement with one read is
 * the same form with one column. Shapes of up to four reads are prepared
 * statements, parsed and planned once per connection.
 */
export function createPostgresReads(pool: Pick<pg.Pool, 'query'>): PostgresReads {
  let pending: Pending[] = [];

  /** Sends `batch` as one statement; resolves each read with its column. */
  async function run(batch: Pending[]): Promise<void> {
    const values: unknown[] = [];
    const columns = batch.map(({ read }, i) => {
      const column = `(${renumber(read.sql, values.length + 1)}) AS r${i}`;
      values.push(...read.values);
      return column;
    });
    const name = batch.length <= maxPreparedReads ? `reads:${batch.map(({ read }) => read.name).join('+')}` : undefined;
    const { rows } = await pool.query<Record<string, unknown>>({ name, text: `SELECT ${columns.join(', ')}`, values });
    batch.forEach(({ read, resolve, reject }, i) => {
      try {
        resolve(read.decode(rows[0]?.[`r${i}`] ?? null));
      } catch (error) {
        reject(error);
      }
    });
  }

  function flush(): void {
    const batch = pending;
    pending = [];
    run(batch).catch((error: unknown) => {
      const [first, ...others] = batch;
      if (first && others.length === 0) {
        first.reject(error);
        return;
      }
      // One bad read (a value PostgreSQL refuses) must not fail the others it travelled with: each runs alone.
      for (const one of batch) run([one]).catch(one.reject);
    });
  }

  return <T>(read: PostgresRead<T>) =>
    new Promise<T>((resolve, reject) => {
      if (pending.length === 0) queueMicrotask(flush);
      pending.push({ read, resolve: resolve as (value: unknown) => void, reject });
    });
}

/** A JSON array of rows (`json_agg`), as its rows: the column names are the keys, as in a plain query. */
export const rowsOf = <Row>(value: unknown): Row[] => (value ?? []) as Row[];
