/**
 * Named random streams. Each stream is a seedrandom generator seeded from
 * (scenario seed, run index, stream name), so:
 *   - the same seed always gives the same numbers (INV-12);
 *   - drawing more from one stream never shifts another (common random
 *     numbers across what-if variants, INV-13);
 *   - run i of a Monte Carlo study is reproducible on its own, whatever worker
 *     thread it lands on.
 */
import seedrandom from 'seedrandom';

export interface RandomStream {
  readonly name: string;
  /** Uniform in [0, 1). */
  next(): number;
}

export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();

  constructor(
    readonly seed: number | string,
    readonly runIndex: number,
  ) {}

  /** The stream for a subsystem; created on first use, then the same object. */
  stream(name: string): RandomStream {
    let stream = this.streams.get(name);
    if (!stream) {
      stream = createStream(streamSeed(this.seed, this.runIndex, name), name);
      this.streams.set(name, stream);
    }
    return stream;
  }
}

/** The derivation of a stream's seed; part of the reproducibility contract. */
export function streamSeed(seed: number | string, runIndex: number, name: string): string {
  return `drsim/${seed}/${runIndex}/${name}`;
}

export function createStream(seed: string, name = seed): RandomStream {
  // Alea: fast, good statistical quality, and its state is a few numbers.
  const generator = seedrandom.alea(seed);
  return { name, next: () => generator() };
}
