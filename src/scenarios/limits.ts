/**
 * Bounds on scenario input. They keep one request from exhausting memory or
 * CPU (the HTTP API serves scenarios from strangers) and catch typos such as
 * `runs: 1000000000`. Each is reported with its value when exceeded.
 */
import { MILLISECONDS_PER } from './units/duration.js';

/** Largest scenario document accepted (UTF-8 bytes). */
export const MAX_SCENARIO_BYTES = 1024 * 1024;
export const MAX_RUNS = 100_000;
export const MAX_HORIZON_MS = 365 * MILLISECONDS_PER.d;
/** Any duration or random-quantity parameter. */
export const MAX_DURATION_MS = 365 * MILLISECONDS_PER.d;
export const MAX_VM_COUNT = 10_000;
/** One disk or volume: 1 PiB. */
export const MAX_SIZE_BYTES = 2 ** 50;
/** One disk's or volume's write rate: 1 TiB/s. */
export const MAX_WRITE_RATE_BYTES_PER_SECOND = 2 ** 40;
/** One link: 100 Tbps. */
export const MAX_BANDWIDTH_BYTES_PER_SECOND = 100e12 / 8;
/** Events per second (kube object changes). */
export const MAX_EVENT_RATE_PER_SECOND = 1_000_000;
/** Sites, clusters, links, S3 profiles, applications, disasters, operations, disks, volumes. */
export const MAX_LIST_LENGTH = 1_000;
export const MAX_EMPIRICAL_VALUES = 10_000;
/** Rates in one measured write-rate series: a week at 1-minute steps. */
export const MAX_SERIES_RATES = 10_080;
/** Replicated images in the whole scenario (VM count x disks + volumes): bounds the work per run. */
export const MAX_TOTAL_IMAGES = 100_000;
export const MAX_KUBE_OBJECTS = 1_000_000;
