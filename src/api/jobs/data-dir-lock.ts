/**
 * One server per data directory: two would both pick up the same queued
 * jobs. The lock is a symbolic link named `server.lock` whose target names
 * the owner, `<pid>:<start time>` (clock ticks since boot, /proc/<pid>/stat
 * field 22), created exclusively. A lock is taken over when its owner is
 * provably gone: no such process; a live process that is not the owner (the
 * pid was reused after a crash or a container restart: another start time,
 * or for a lock without one, a command line that is not drsim); an empty or
 * garbled lock left by a crash. A lock that cannot be proved stale stops the
 * start with what holds it and how to clear it. A link rather than a file holding the pid because
 * creating a short link needs no data block (it lives in the inode, on ext4
 * and tmpfs alike), so a server still takes the lock on a full disk.
 *
 * On a directory that cannot take even that (read-only), the server starts
 * without the lock and writes nothing: `ensure()` takes the lock before each
 * write, so writing resumes once the directory is writable and no other
 * server owns it.
 */
import { readFileSync } from 'node:fs';
import { mkdir, readFile, readlink, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { StorageError } from './store.js';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
    detail: string,
    lockPath: string,
  ) {
    super(`the data directory ${dataDir} is in use: ${detail}; stop it or give another --data-dir (if it is gone, remove ${lockPath})`);
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  /** False while the directory could not take the lock (read-only): nothing is written until ensure() succeeds. */
  readonly held: boolean;
  /** Takes the lock if it is not held yet; throws DataDirLockedError or the file system's error. */
  ensure(): Promise<void>;
  /** Gives the lock up; never throws (a read-only directory keeps a stale lock, taken over at the next start). */
  release(): Promise<void>;
}

/** Lock files this process holds: a second server in the same process is refused like any other. */
const heldHere = new Set<string>();

export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const path = join(dataDir, 'server.lock');
  let held = false;
  const take = async (): Promise<void> => {
    await mkdir(dataDir, { recursive: true });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await symlink(ownTarget(), path);
        held = true;
        heldHere.add(path);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = lockHolder(path, await lockOwner(path));
        if (holder !== null) throw new DataDirLockedError(dataDir, holder.pid, holder.detail, path);
        await rm(path, { force: true });
      }
    }
    throw new Error(`cannot take the lock ${path}`);
  };
  try {
    await take();
  } catch (error) {
    // Read-only or otherwise unwritable: start anyway, serving what is on disk.
    if (error instanceof DataDirLockedError || !(StorageError.from(error, dataDir) instanceof StorageError)) throw error;
  }
  return {
    get held() {
      return held;
    },
    ensure: async () => {
      if (!held) await take();
    },
    release: async () => {
      if (!held) return;
      held = false;
      heldHere.delete(path);
      await rm(path, { force: true }).catch(() => undefined);
    },
  };
}

interface LockOwner {
  pid: number;
  /** Null in a lock written by an older drsim (a bare pid) or where there is no /proc. */
  startTicks: number | null;
}

function ownTarget(): string {
  const startTicks = processIdentity(process.pid)?.startTicks;
  return startTicks === undefined || startTicks === null ? String(process.pid) : `${process.pid}:${startTicks}`;
}

/** The owner a lock names: the link's target, or the text of a lock file written by an older drsim; undefined when garbled or empty. */
async function lockOwner(path: string): Promise<LockOwner | undefined> {
  const text = await readlink(path).catch((error: NodeJS.ErrnoException) =>
    error.code === 'EINVAL' ? readFile(path, 'utf8').catch(() => '') : '',
  );
  const match = /^(\d+)(?::(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const pid = Number(match[1]);
  return Number.isSafeInteger(pid) && pid > 0 ? { pid, startTicks: match[2] === undefined ? null : Number(match[2]) } : undefined;
}

/** Who holds the lock, or null when it is provably stale. */
function lockHolder(path: string, owner: LockOwner | undefined): { pid: number; detail: string } | null {
  if (owner === undefined) return null;
  if (owner.pid === process.pid) {
    // This pid, but not a lock this process took: a previous life of the pid (pid 1 in a restarted container).
    return heldHere.has(path) ? { pid: owner.pid, detail: `another server in this process (pid ${owner.pid}) holds it` } : null;
  }
  if (!processAlive(owner.pid)) return null;
  const running = processIdentity(owner.pid);
  if (running === null) return { pid: owner.pid, detail: `pid ${owner.pid} holds it` };
  const sameProcess = owner.startTicks !== null && running.startTicks !== null ? owner.startTicks === running.startTicks : /drsim/.test(running.command);
  return sameProcess ? { pid: owner.pid, detail: `drsim server pid ${owner.pid} (${running.command}) holds it` } : null;
}

/** What /proc says of a process: its start time and command line; null without /proc. */
function processIdentity(pid: number): { startTicks: number | null; command: string } | null {
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name sits in parentheses and may hold spaces: field 22 is the 20th after it.
    const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    return { startTicks: Number.isFinite(startTicks) ? startTicks : null, command };
  } catch {
    return null;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
