/** Every drsim command, in the order help lists them. */
import type { Command } from 'commander';
import { registerImport } from './import.js';
import { registerServe } from './serve.js';
import { registerValidate } from './validate.js';

export function registerCommands(program: Command): void {
  registerValidate(program);
  registerImport(program);
  registerServe(program);
}
