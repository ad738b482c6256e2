/** What finished work returns, by kind: a job's `output` is one of these. */
import { z } from 'zod';
import { SimulationOutputSchema } from './simulation.js';
import { SizingOutputSchema } from './sizing.js';
import { SweepOutputSchema } from './sweep.js';

export const WorkOutputSchema = z.discriminatedUnion('kind', [SimulationOutputSchema, SweepOutputSchema, SizingOutputSchema]).describe('The outcome of the work, by kind');
export type WorkOutput = z.infer<typeof WorkOutputSchema>;
