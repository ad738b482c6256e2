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
  return new AleaStream(seed, name);
}

/**
 * Alea (fast, good statistical quality, a state of four numbers), seeded by
 * seedrandom and then stepped here with its state in a Float64Array: the same
 * numbers as seedrandom.alea(seed), without boxing a float on every draw.
 */
class AleaStream implements RandomStream {
  /** [carry, s0, s1, s2] */
  private readonly state = new Float64Array(4);

  constructor(
    seed: string,
    readonly name: string,
  ) {
    const initial = seedrandom.alea(seed, { state: true }).state();
    this.state[0] = initial.c;
    this.state[1] = initial.s0;
    this.state[2] = initial.s1;
    this.state[3] = initial.s2;
  }

  next(): number {
    const state = this.state;
    const t = 2091639 * state[1] + state[0] * 2.3283064365386963e-10; // 2^-32
    const carry = t | 0;
    state[0] = carry;
    state[1] = state[2];
    state[2] = state[3];
    return (state[3] = t - carry);
  }
}
