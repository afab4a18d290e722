import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/server';
import pg from 'pg';
import { tusErrorOf } from '../upload/tus-errors.js';
import { msFromNow } from './postgres-database.js';

/** The channel on which a request waiting for an upload asks its holder, on whichever process, to let go. */
export const releaseChannel = 'attachkit_upload_release';

export interface PostgresUploadLockerOptions {
  /** How long a lock lasts without renewal (its holder renews it every third of this): a killed process's locks free up after it. */
  leaseMs?: number;
  /** How long a request waits for an upload's lock before tus answers 500 (as tus's MemoryLocker: 30 s). */
  acquireTimeoutMs?: number;
  log: { warn(object: unknown, message: string): void };
}

export interface PostgresUploadLocker extends Locker {
  close(): Promise<void>;
}

interface Held {
  token: string;
  requestRelease: RequestRelease;
  renewal: NodeJS.Timeout;
}

/**
 * tus's upload locks shared by every server process on one PostgreSQL
 * database (`upload_locks`), for the scaled-out shape where the load
 * balancer sends a tech's HEAD and PATCH of one upload to any process. tus
 * takes an upload's lock for each HEAD, PATCH and DELETE; with a lock per
 * process (MemoryLocker), a PATCH left hanging on process A by a dropped
 * signal (the server sees no FIN) still wrote while the resumed PATCH went
 * to B, and the two wrote the same upload in S3.
 *
 * A lock is a row with its holder's token and a lease the holder renews. A
 * request that finds it taken asks the holder to let go with `NOTIFY` on
 * {@link releaseChannel}; every process `LISTEN`s, and the one holding it
 * calls tus's release callback, which ends the old request (its bytes so far
 * are kept) and unlocks. The waiter takes the row as soon as it is free, or
 * once the lease of a holder that died ran out.
 */
export async function createPostgresUploadLocker(
  pool: pg.Pool,
  url: string,
  options: PostgresUploadLockerOptions,
): Promise<PostgresUploadLocker> {
  const leaseMs = options.leaseMs ?? 10_000;
  const acquireTimeoutMs = options.acquireTimeoutMs ?? 30_000;
  const held = new Map<string, Held>();
  let closed = false;
  let listener: pg.Client | undefined;

  /** The LISTEN connection; reconnects after a second when the database drops it. */
  async function listen(): Promise<void> {
    const client = new pg.Client({ connectionString: url });
    client.on('notification', (message) => {
      const lock = message.payload ? held.get(message.payload) : undefined;
      if (lock) void Promise.resolve(lock.requestRelease()).catch(() => {});
    });
    const reconnect = (error?: unknown) => {
      if (closed || listener !== client) return;
      listener = undefined;
      if (error) options.log.warn({ err: error }, 'the upload lock listener lost its database connection; reconnecting');
      setTimeout(() => void listen().catch(() => reconnect()), 1000).unref();
    };
    client.on('error', reconnect);
    client.on('end', () => reconnect());
    listener = client;
    await client.connect();
    await client.query(`LISTEN ${releaseChannel}`);
  }
  await listen();

  const tryAcquire = async (id: string, token: string) =>
    (
      await pool.query(
        `INSERT INTO upload_locks (id, token, expires) VALUES ($1, $2, ${msFromNow('$3')})
         ON CONFLICT (id) DO UPDATE SET token = excluded.token, expires = excluded.expires
         WHERE upload_locks.expires <= clock_timestamp()`,
        [id, token, leaseMs],
      )
    ).rowCount === 1;

  class PostgresLock implements Lock {
    private token?: string;
    constructor(private readonly id: string) {}

    async lock(signal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
      const token = randomUUID();
      const deadline = Date.now() + acquireTimeoutMs;
      let askedAt = 0;
      for (let attempt = 0; ; attempt++) {
        if (signal.aborted || Date.now() > deadline) throw tusErrorOf(ERRORS.ERR_LOCK_TIMEOUT);
        if (await tryAcquire(this.id, token)) break;
        if (Date.now() - askedAt > 1000) {
          askedAt = Date.now();
          await pool.query('SELECT pg_notify($1, $2)', [releaseChannel, this.id]);
        }
        await sleep(Math.min(10 * 2 ** attempt, 200), undefined, { signal }).catch(() => {});
      }
      this.token = token;
      const renewal = setInterval(() => {
        pool
          .query(`UPDATE upload_locks SET expires = ${msFromNow('$1')} WHERE id = $2 AND token = $3`, [leaseMs, this.id, token])
          .catch((error: unknown) => options.log.warn({ err: error, id: this.id }, 'could not renew an upload lock'));
      }, leaseMs / 3);
      renewal.unref();
      held.set(this.id, { token, requestRelease, renewal });
    }

    async unlock(): Promise<void> {
      const token = this.token;
      if (!token) throw new Error('Releasing an unlocked lock!');
      this.token = undefined;
      const mine = held.get(this.id);
      if (mine?.token === token) {
        clearInterval(mine.renewal);
        held.delete(this.id);
      }
      await pool.query('DELETE FROM upload_locks WHERE id = $1 AND token = $2', [this.id, token]);
    }
  }

  return {
    newLock: (id) => new PostgresLock(id),
    async close() {
      closed = true;
      for (const lock of held.values()) clearInterval(lock.renewal);
      const client = listener;
      listener = undefined;
      await client?.end().catch(() => {});
    },
  };
}
