/**
 * The data directory's lock: a crash's leftovers (an empty or garbled file
 * from an older drsim, a pid that is gone or reused by another program)
 * never block start-up; a
 * live server's lock stops a second one with what holds it and how to clear
 * it, in-process and from another process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from '../../src/api/jobs/data-dir-lock.js';
import type { RunningServer } from '../../src/api/server.js';
import { drsim } from '../cli/drsim.js';
import { freshDataDir, startTestServer, waitFor } from './harness.js';

const servers: RunningServer[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A lock file as an older drsim wrote it: a regular file holding the pid. */
function lockFile(dataDir: string, text: string): void {
  writeFileSync(join(dataDir, 'server.lock'), text);
}

/** A lock as drsim takes it: a symbolic link to `<pid>:<start time>`. */
function lockLink(dataDir: string, target: string): void {
  symlinkSync(target, join(dataDir, 'server.lock'));
}

function sleeper(): ChildProcess {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

async function startsOn(dataDir: string): Promise<void> {
  const server = await startTestServer({ dataDir });
  servers.push(server);
  expect(readlinkSync(join(dataDir, 'server.lock'))).toMatch(new RegExp(`^${process.pid}:\\d+$`));
}

describe('data directory lock', () => {
  it('an empty lock file (a crash between creating and writing it) is taken over', async () => {
    const dataDir = freshDataDir();
    lockFile(dataDir, '');
    await startsOn(dataDir);
  });

  it('a garbled lock file is taken over', async () => {
    const dataDir = freshDataDir();
    lockLink(dataDir, 'not a pid');
    await startsOn(dataDir);
  });

  it('a bare pid of a live process that is not drsim (the pid reused) is taken over', async () => {
    const dataDir = freshDataDir();
    lockFile(dataDir, String(sleeper().pid));
    await startsOn(dataDir);
  });

  it('a lock naming a live pid that started at another time than recorded (the pid reused) is taken over', async () => {
    const dataDir = freshDataDir();
    lockLink(dataDir, `${sleeper().pid}:1`);
    await startsOn(dataDir);
  });

  it('a second server in the same process is refused, naming the holder and how to clear it', async () => {
    const dataDir = freshDataDir();
    await startsOn(dataDir);
    const failure = await lockDataDir(dataDir).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DataDirLockedError);
    expect((failure as Error).message).toMatch(/in use: another server in this process/);
    expect((failure as Error).message).toContain('give another --data-dir');
  });

  it("this process's own pid in a lock it did not take (pid 1 after a container restart) is taken over", async () => {
    const dataDir = freshDataDir();
    lockLink(dataDir, `${process.pid}:1`);
    await startsOn(dataDir);
  });

  it('drsim serve on a directory a live drsim server holds exits 2 naming its pid', async () => {
    const dataDir = freshDataDir();
    const first = spawn(process.execPath, ['dist/src/cli/main.js', 'serve', '--port', '0', '--quiet', '--data-dir', dataDir], { stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(first);
    let stderr = '';
    first.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    await waitFor(async () => (stderr.includes('drsim API on') ? true : undefined));
    const second = await Promise.race([
      drsim(['serve', '--port', '0', '--quiet', '--data-dir', dataDir]),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the second server started')), 20_000)),
    ]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`drsim server pid ${first.pid}`);
    expect(second.stderr).toContain('give another --data-dir');
  });
});
