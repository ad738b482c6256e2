/**
 * Jobs on disk: one JSON file per job in `<dataDir>/jobs`, each replaced
 * atomically (write a temporary file, fsync it, rename it over the old one,
 * fsync the directory). A crash leaves every job either as it was or as it
 * became, never half written; a file that still does not read is set aside
 * in `corrupt/` rather than stopping the server.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { JobRecordSchema, type JobRecord } from './record.js';

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TEMPORARY_SUFFIX = '.tmp';

export interface LoadedJobs {
  jobs: JobRecord[];
  /** Files that did not read as jobs, moved to corrupt/. */
  setAside: string[];
}

export class JobStore {
  private readonly jobsDir: string;
  private readonly corruptDir: string;
  /** Writes of one job are chained so a late progress write never lands after the final state. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(readonly dataDir: string) {
    this.jobsDir = join(dataDir, 'jobs');
    this.corruptDir = join(dataDir, 'corrupt');
  }

  static isJobId(id: string): boolean {
    return JOB_ID.test(id);
  }

  async load(): Promise<LoadedJobs> {
    await mkdir(this.jobsDir, { recursive: true });
    const jobs: JobRecord[] = [];
    const setAside: string[] = [];
    for (const file of await readdir(this.jobsDir)) {
      const path = join(this.jobsDir, file);
      if (file.endsWith(TEMPORARY_SUFFIX)) {
        // A write interrupted before its rename: the job file it was replacing is intact.
        await rm(path, { force: true });
        continue;
      }
      if (!file.endsWith('.json')) continue;
      const parsed = JobRecordSchema.safeParse(await readJson(path));
      if (parsed.success && `${parsed.data.id}.json` === file) jobs.push(parsed.data);
      else {
        await mkdir(this.corruptDir, { recursive: true });
        await rename(path, join(this.corruptDir, file));
        setAside.push(file);
      }
    }
    jobs.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return { jobs, setAside };
  }

  save(record: JobRecord): Promise<void> {
    const text = JSON.stringify(record);
    return this.chain(record.id, () => this.writeAtomically(`${record.id}.json`, text));
  }

  remove(id: string): Promise<void> {
    return this.chain(id, () => rm(join(this.jobsDir, `${id}.json`), { force: true }));
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

  private async writeAtomically(file: string, text: string): Promise<void> {
    const target = join(this.jobsDir, file);
    const temporary = join(this.jobsDir, `${file}.${randomUUID().slice(0, 8)}${TEMPORARY_SUFFIX}`);
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
    await syncDirectory(this.jobsDir);
  }
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
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
