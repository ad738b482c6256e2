/**
 * Jobs on disk: one JSON file per job in `<dataDir>/jobs`, each replaced
 * atomically (write a temporary file, fsync it, rename it over the old one,
 * fsync the directory). A crash leaves every job either as it was or as it
 * became, never half written; a file that still does not read is set aside
 * in `corrupt/` rather than stopping the server.
 *
 * A data directory that is full or read-only fails writes, never the
 * server: a failed write throws a StorageError (and leaves no temporary file
 * behind), and loading works on a directory it cannot clean up.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { JobRecordSchema, type JobRecord } from './record.js';

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TEMPORARY_SUFFIX = '.tmp';

/** errno codes that mean the data directory cannot take the write now (full, read-only, quota, permissions, device). */
const STORAGE_CODES = new Set(['ENOSPC', 'EROFS', 'EDQUOT', 'EACCES', 'EPERM', 'EIO']);

/** A write to the data directory failed; the state on disk is as it was before the write. */
export class StorageError extends Error {
  constructor(
    readonly code: string,
    readonly dataDir: string,
    cause: unknown,
  ) {
    super(`cannot write to the data directory ${dataDir} (${code})`, { cause });
    this.name = 'StorageError';
  }

  /** The error as it came from the file system (or the lock): a StorageError when it is the directory's fault. */
  static from(error: unknown, dataDir: string): unknown {
    if (error instanceof StorageError) return error;
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code !== undefined && STORAGE_CODES.has(code)) return new StorageError(code, dataDir, error);
    if ((error as Error | undefined)?.name === 'DataDirLockedError') return new StorageError('ELOCKED', dataDir, error);
    return error;
  }
}

/** A job read back, with the size of its file (retention counts it). */
export interface StoredJob {
  record: JobRecord;
  bytes: number;
}

export interface LoadedJobs {
  jobs: StoredJob[];
  /** Files that did not read as jobs, moved to corrupt/ (or left in place when the directory is read-only or full). */
  setAside: string[];
  /** Clean-ups that failed (the directory is read-only or full): what and why, for the log. */
  skipped: { file: string; code: string }[];
}

export interface JobStoreOptions {
  /** Called before every write; throws when this server may not write (it does not hold the data directory's lock). */
  beforeWrite?: () => Promise<void>;
}

export class JobStore {
  private readonly jobsDir: string;
  private readonly corruptDir: string;
  /** Writes of one job are chained so a late progress write never lands after the final state. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    readonly dataDir: string,
    private readonly storeOptions: JobStoreOptions = {},
  ) {
    this.jobsDir = join(dataDir, 'jobs');
    this.corruptDir = join(dataDir, 'corrupt');
  }

  static isJobId(id: string): boolean {
    return JOB_ID.test(id);
  }

  /** Reads every job; on a read-only or full directory, what it cannot clean up is left as it is and reported. */
  async load(): Promise<LoadedJobs> {
    const jobs: StoredJob[] = [];
    const setAside: string[] = [];
    const skipped: LoadedJobs['skipped'] = [];
    const attempt = async (file: string, change: () => Promise<unknown>): Promise<boolean> => {
      try {
        await change();
        return true;
      } catch (error) {
        const failure = StorageError.from(error, this.dataDir);
        if (!(failure instanceof StorageError)) throw error;
        skipped.push({ file, code: failure.code });
        return false;
      }
    };
    // A read-only directory without jobs/ yet simply has no jobs.
    if (!(await attempt('jobs/', () => mkdir(this.jobsDir, { recursive: true })))) return { jobs, setAside, skipped };
    for (const file of await readdir(this.jobsDir)) {
      const path = join(this.jobsDir, file);
      if (file.endsWith(TEMPORARY_SUFFIX)) {
        // A write interrupted before its rename: the job file it was replacing is intact.
        await attempt(file, () => rm(path, { force: true }));
        continue;
      }
      if (!file.endsWith('.json')) continue;
      const text = await readText(path);
      const parsed = JobRecordSchema.safeParse(parseJson(text));
      if (parsed.success && `${parsed.data.id}.json` === file) jobs.push({ record: parsed.data, bytes: Buffer.byteLength(text ?? '') });
      else if (await attempt(file, async () => {
        await mkdir(this.corruptDir, { recursive: true });
        await rename(path, join(this.corruptDir, file));
      })) setAside.push(file);
    }
    jobs.sort((a, b) => a.record.createdAt.localeCompare(b.record.createdAt));
    return { jobs, setAside, skipped };
  }

  /**
   * Replaces the job's file and resolves to its size; rejects with a
   * StorageError when the directory cannot take it (the old file is intact).
   */
  async save(record: JobRecord): Promise<number> {
    const text = JSON.stringify(record);
    await this.chain(record.id, () => this.guarded(() => this.writeAtomically(`${record.id}.json`, text)));
    return Buffer.byteLength(text);
  }

  remove(id: string): Promise<void> {
    return this.chain(id, () => this.guarded(() => rm(join(this.jobsDir, `${id}.json`), { force: true })));
  }

  /** Resolves once every write started so far has landed. */
  async flush(): Promise<void> {
    await Promise.all(this.writes.values());
  }

  private chain(id: string, write: () => Promise<void>): Promise<void> {
    const next = (this.writes.get(id) ?? Promise.resolve()).then(write);
    const settled = next.catch(() => undefined);
    this.writes.set(id, settled);
    void settled.then(() => {
      if (this.writes.get(id) === settled) this.writes.delete(id);
    });
    return next;
  }

  private async guarded(write: () => Promise<void>): Promise<void> {
    try {
      await this.storeOptions.beforeWrite?.();
      await write();
    } catch (error) {
      throw StorageError.from(error, this.dataDir);
    }
  }

  private async writeAtomically(file: string, text: string): Promise<void> {
    const target = join(this.jobsDir, file);
    const temporary = join(this.jobsDir, `${file}.${randomUUID().slice(0, 8)}${TEMPORARY_SUFFIX}`);
    try {
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, target);
    } catch (error) {
      // A full disk fails the write (or the close); the half-written temporary file would only take more space.
      await rm(temporary, { force: true }).catch(() => undefined);
      throw error;
    }
    await syncDirectory(this.jobsDir);
  }
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Makes the rename itself durable; some platforms cannot open a directory for this, which is harmless there. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Directory fsync unsupported (e.g. Windows): the rename is still atomic.
  } finally {
    await handle?.close();
  }
}
