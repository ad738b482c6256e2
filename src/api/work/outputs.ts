/** What finished work returns, by kind: a job's `output` is one of these. */
import { z } from 'zod';
import { SimulationOutputSchema } from './simulation.js';

export const WorkOutputSchema = z.discriminatedUnion('kind', [SimulationOutputSchema]).describe('The outcome of the work, by kind');
export type WorkOutput = z.infer<typeof WorkOutputSchema>;
