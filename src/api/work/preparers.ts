/** Every kind of work, by job kind: how a stored request becomes work again. */
import type { ApiConfig } from '../config.js';
import { simulationWork } from './simulation.js';
import { sizingWork } from './sizing.js';
import { sweepWork } from './sweep.js';
import type { JobKind, WorkPreparer } from './types.js';

export function workPreparers(config: ApiConfig): Record<JobKind, WorkPreparer> {
  return {
    simulation: simulationWork(config),
    sweep: sweepWork(config),
    sizing: sizingWork(config),
  };
}
