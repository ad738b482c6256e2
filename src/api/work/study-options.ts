/** How the API runs every study: on the shared worker pool, off the event loop, within its event budget. */
import type { StudyOptions } from '../../analysis/monte-carlo.js';
import type { ApiConfig } from '../config.js';
import type { WorkControl } from './types.js';

export function apiStudyOptions(config: ApiConfig, settings: Pick<StudyOptions, 'runs' | 'seed'>, control: WorkControl) {
  return {
    runs: settings.runs,
    seed: settings.seed,
    workers: config.workers,
    // Even one worker's share runs in a worker thread: /healthz must answer while a study runs.
    offThread: true,
    maxEventsPerRun: config.maxEventsPerRun,
    maxMemoryBytes: config.maxMemoryBytes,
    onProgress: control.onProgress,
    signal: control.signal,
  } satisfies StudyOptions;
}
