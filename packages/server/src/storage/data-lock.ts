import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** The lock file in the data folder: whose the folder is while a server runs on it. */
export const dataLockName = 'attachkit-server.lock';

/** Who holds a data folder (the lock file's content). */
interface Holder {
  pid: number;
  host: string;
  /** ISO time the holder took the lock. */
  since: string;
}

/** A data folder already used by another running server; the message names the folder and the holder. */
export class DataDirectoryInUseError extends Error {
  constructor(
    readonly directory: string,
    readonly holder: Holder | null,
  ) {
    const who = holder ? `process ${holder.pid} on ${holder.host} (since ${holder.since})` : 'another server (its lock file is unreadable)';
    super(
      `The data folder ${directory} is in use by ${who}: every server process needs a --data folder of its own` +
        ` (docs/deploy.md). If that process is gone${holder && holder.host !== hostname() ? ' on that host' : ''}, remove ${join(directory, dataLockName)}.`,
    );
    this.name = 'DataDirectoryInUseError';
  }
}

export interface DataLock {
  /** Removes the lock file if it is still this server's. */
  release(): Promise<void>;
}

/** Lock files this process holds: a second server in the same process on the same folder is refused too. */
const heldHere = new Set<string>();

/** The lock file's text (null when there is none) and the holder it names (null when unreadable). */
async function readLock(path: string): Promise<{ text: string | null; holder: Holder | null }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return { text: null, holder: null };
  }
  try {
    const { pid, host, since } = JSON.parse(text) as Partial<Holder>;
    return { text, holder: typeof pid === 'number' && typeof host === 'string' ? { pid, host, since: String(since) } : null };
  } catch {
    return { text, holder: null };
  }
}

/** How long a lock file may stay unreadable (being written) before it counts as left by a crash while it was written. */
const unreadableLifetimeMs = 5_000;

const ageOf = (path: string) =>
  stat(path).then(
    (s) => Date.now() - s.mtimeMs,
    () => 0,
  );

/**
 * Whether the holder is gone: a process of this host that no longer runs
 * (or this very pid, which then is a previous life of this process's pid —
 * a container restarted as pid 1 — since this process holds no lock there).
 * A holder on another host cannot be checked from here: never stale.
 */
function isStale(holder: Holder, path: string): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return !heldHere.has(path);
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Creates `path` only when it does not exist; answers false when it does. */
async function createExclusive(path: string, content: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

/** A takeover guard older than this was left by a process that died during its takeover. */
const guardLifetimeMs = 10_000;

/**
 * Replaces a stale lock, under a guard file of its own so that two servers
 * starting at once over the same stale lock do not both take it (each would
 * remove the other's fresh one). Answers whether this process took it.
 */
async function takeOver(path: string, staleText: string, content: string): Promise<boolean> {
  const guard = `${path}.takeover`;
  if (!(await createExclusive(guard, content))) {
    if ((await ageOf(guard)) > guardLifetimeMs) await unlink(guard).catch(() => {});
    return false;
  }
  try {
    if ((await readLock(path)).text !== staleText) return false;
    await unlink(path).catch(() => {});
    return await createExclusive(path, content);
  } finally {
    await unlink(guard).catch(() => {});
  }
}

/**
 * Takes the data folder for this server: creates `<dir>/attachkit-server.lock`
 * (O_EXCL) with this process's pid and host. A lock whose process is gone
 * (a dead pid on this host: kill -9, a crash) is taken over; one held by a
 * running process, or by a process on another host, stops the start with
 * {@link DataDirectoryInUseError}. Every process needs its own folder: its
 * tus files, `tmp/s3-parts` (emptied at start), and on the embedded shape the
 * SQLite file and the disk blobs, whose stray temp files and rowless content
 * each start removes.
 */
export async function lockDataDirectory(directory: string): Promise<DataLock> {
  const path = join(directory, dataLockName);
  if (heldHere.has(path)) throw new DataDirectoryInUseError(directory, (await readLock(path)).holder);
  const mine: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const content = `${JSON.stringify(mine)}\n`;
  for (let attempt = 0; ; attempt++) {
    if (await createExclusive(path, content)) break;
    const { text, holder } = await readLock(path);
    // An unreadable lock may be one being written right now: it counts as left by a crash only once it is old.
    const stale = holder ? isStale(holder, path) : text !== null && (await ageOf(path)) > unreadableLifetimeMs;
    if (stale && text !== null && (await takeOver(path, text, content))) break;
    // Retried: the lock vanished (released) or changed meanwhile, a takeover by another starting process, an unreadable lock.
    if ((holder && !stale) || attempt >= 200) throw new DataDirectoryInUseError(directory, holder);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  heldHere.add(path);
  return {
    async release() {
      if (!heldHere.delete(path)) return;
      if ((await readLock(path)).text === content) await unlink(path).catch(() => {});
    },
  };
}
