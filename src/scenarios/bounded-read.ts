/**
 * Reads a file of unknown size without trusting its size: pipes, FIFOs,
 * character devices (/dev/zero) and files still growing report a size of 0,
 * so a reader that believed it would read forever.
 */
import { open } from 'node:fs/promises';

const CHUNK_BYTES = 64 * 1024;

/** The file's text, or null as soon as it has more than `limit` bytes (nothing more is read). */
export async function readTextAtMost(path: string, limit: number): Promise<string | null> {
  const handle = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    const buffer = Buffer.alloc(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > limit) return null;
      chunks.push(Buffer.from(buffer.subarray(0, bytesRead)));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    await handle.close();
  }
}
