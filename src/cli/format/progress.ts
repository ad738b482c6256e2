/**
 * Progress of long studies on stderr, and only on a terminal: piped or
 * captured output (tests, `--json | jq`) never sees control characters.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** Runs done so far, out of `total` runs (which may grow, e.g. as a search goes on). */
  update(completed: number, total: number, label?: string): void;
  stop(): void;
}

const SILENT: Progress = { update: () => undefined, stop: () => undefined };

export function progressBar(total: number, label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{label} [{bar}] {percentage}% | {value}/{total} runs | {duration_formatted} elapsed, ETA {eta_formatted}',
      barsize: 30,
      clearOnComplete: true,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { label });
  let stopped = false;
  return {
    update(completed, nextTotal, nextLabel) {
      if (stopped) return;
      if (nextTotal !== bar.getTotal()) bar.setTotal(nextTotal);
      bar.update(completed, nextLabel === undefined ? {} : { label: nextLabel });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
