/** What shared per-run draws (a loss's detection, a cluster's maintenance mode) take from the world. */
import type { Distribution, RandomStream, RandomStreams } from '../sim/index.js';

export interface RunDraws {
  /** The run's named streams: a draw shared by many applications takes its own. */
  readonly streams: RandomStreams;
  /** A draw from a scenario distribution in whole milliseconds, as the world samples. */
  sample(distribution: Distribution, stream: RandomStream): number;
}
