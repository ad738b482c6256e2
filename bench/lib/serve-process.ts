/**
 * `drsim serve` as a real process on a free loopback port: resolves with the
 * child and its URL once the server says it listens (used by the API
 * benchmark and by the API's process tests).
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ServeProcess {
  child: ChildProcess;
  url: string;
}

/**
 * Starts the server; `child` is there at once (callers register it for
 * cleanup before it listens), `listening` resolves once it does.
 */
export function spawnServe(
  cli: string,
  dataDir: string,
  extraArgs: readonly string[] = [],
): { child: ChildProcess; listening: Promise<ServeProcess> } {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data-dir', dataDir, '--quiet', ...extraArgs], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const listening = new Promise<ServeProcess>((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /drsim API on (http:\/\/\S+) /.exec(stderr);
      if (match) resolve({ child, url: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`drsim serve exited with ${code}: ${stderr}`)));
  });
  return { child, listening };
}
