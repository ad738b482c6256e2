/** The stored forms of requests, as jobs keep them on disk and read them back. */
import { z } from 'zod';

export const StoredScenarioSchema = z.union([
  z.strictObject({ text: z.string() }),
  z.strictObject({ document: z.record(z.string(), z.unknown()) }),
]);

export const StoredRunSettingsSchema = {
  runs: z.int().min(1).optional(),
  seed: z.int().min(0).optional(),
};
