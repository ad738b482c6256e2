/**
 * A data directory on a small tmpfs of its own, for the storage tests: it
 * can be filled to the last byte, freed, and remounted read-only. Needs
 * mount(2) (root, or a container allowed to mount); `mountPermitted` says
 * whether the machine allows it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function tryMount(dir: string, sizeKiB: number): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKiB}k`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const mountPermitted: boolean = (() => {
  const probe = mkdtempSync(join(tmpdir(), 'drsim-mount-probe-'));
  const mounted = tryMount(probe, 64);
  if (mounted) execFileSync('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
  return mounted;
})();

export interface SmallDisk {
  /** The mount point, used as the server's data directory. */
  dir: string;
  /** Writes a filler file until the file system answers ENOSPC. */
  fill(): void;
  /** Deletes the filler. */
  free(): void;
  readOnly(): Promise<void>;
  writable(): Promise<void>;
  unmount(): void;
}

export function smallDisk(sizeKiB = 2048): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), 'drsim-small-disk-'));
  if (!tryMount(dir, sizeKiB)) throw new Error(`cannot mount a tmpfs on ${dir}`);
  const filler = join(dir, 'filler');
  const remount = async (mode: 'ro' | 'rw') => {
    // A write the server has open makes remounting read-only fail with EBUSY for a moment.
    for (let attempt = 0; ; attempt++) {
      try {
        execFileSync('mount', ['-o', `remount,${mode}`, dir], { stdio: 'ignore' });
        return;
      } catch (error) {
        if (attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  };
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      const chunk = Buffer.alloc(4096);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
      // The last partial page too: a byte at a time until nothing fits.
      const tail = openSync(filler, 'a');
      try {
        for (;;) writeSync(tail, Buffer.alloc(1));
      } catch {
        // full
      } finally {
        closeSync(tail);
      }
    },
    free() {
      rmSync(filler, { force: true });
    },
    readOnly: () => remount('ro'),
    writable: () => remount('rw'),
    unmount() {
      try {
        execFileSync('umount', [dir], { stdio: 'ignore' });
      } catch {
        execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
