/** Every drsim command, in the order help lists them. */
import type { Command } from 'commander';
import { registerImport } from './import.js';
import { registerReport } from './report.js';
import { registerRun } from './run.js';
import { registerServe } from './serve.js';
import { registerSize } from './size.js';
import { registerSweep } from './sweep.js';
import { registerValidate } from './validate.js';

export function registerCommands(program: Command): void {
  registerRun(program);
  registerSweep(program);
  registerSize(program);
  registerValidate(program);
  registerImport(program);
  registerReport(program);
  registerServe(program);
}
