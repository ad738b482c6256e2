/**
 * One server per data directory: two would both pick up the same queued
 * jobs. The lock is a symbolic link named `server.lock` whose target is the
 * owner's pid, created exclusively; a lock whose process is gone (a crash,
 * kill -9) is taken over. A link rather than a file holding the pid because
 * creating a short link needs no data block (it lives in the inode, on ext4
 * and tmpfs alike), so a server still takes the lock on a full disk.
 *
 * On a directory that cannot take even that (read-only), the server starts
 * without the lock and writes nothing: `ensure()` takes the lock before each
 * write, so writing resumes once the directory is writable and no other
 * server owns it.
 */
import { mkdir, readFile, readlink, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { StorageError } from './store.js';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(`the data directory ${dataDir} is in use by another drsim server (pid ${ownerPid}); give another --data-dir`);
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

export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const path = join(dataDir, 'server.lock');
  let held = false;
  const take = async (): Promise<void> => {
    await mkdir(dataDir, { recursive: true });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await symlink(String(process.pid), path);
        held = true;
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = await lockOwner(path);
        if (owner !== undefined && processAlive(owner)) throw new DataDirLockedError(dataDir, owner);
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
      await rm(path, { force: true }).catch(() => undefined);
    },
  };
}

/** The pid a lock names: the link's target, or the text of a lock file written by an older drsim. */
async function lockOwner(path: string): Promise<number | undefined> {
  const text = await readlink(path).catch((error: NodeJS.ErrnoException) =>
    error.code === 'EINVAL' ? readFile(path, 'utf8').catch(() => '') : '',
  );
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
