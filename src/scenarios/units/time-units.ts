/** Seconds per time unit, for rates (`/s`, `/m`, `/h`, `/d`). */
export const DURATION_UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
