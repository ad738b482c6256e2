/** Time (milliseconds) and size (bytes) units for readable test timelines. */
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;
