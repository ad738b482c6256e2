#!/usr/bin/env node
/**
 * The drsim command line. Each command lives in commands/<name>.ts and
 * registers itself on the program; this file only wires them and turns
 * failures into exit codes: 0 success, 1 objectives breached or an invariant
 * violated, 2 bad input or usage (a message, never a stack trace).
 */
import { Command, CommanderError } from 'commander';
import { DRSIM_VERSION } from '../version.js';
import { closeWorkers, isEventBudgetError } from '../analysis/monte-carlo.js';
import { EXIT_USAGE, UsageError } from './errors.js';
import { registerCommands } from './commands/index.js';

export function buildProgram(): Command {
  const program = new Command('drsim')
    .description('Discrete-event simulator of Kubernetes multi-cluster disaster recovery (RamenDR on Ceph)')
    .version(DRSIM_VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    return reportFailure(error);
  } finally {
    await closeWorkers();
  }
}

function reportFailure(error: unknown): number {
  if (error instanceof CommanderError) {
    // commander has already printed its message (help and version exit 0).
    return error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`drsim: ${error.message}\n`);
    for (const line of error.details) process.stderr.write(`  ${line}\n`);
    return EXIT_USAGE;
  }
  const typed = error as { code?: string; message?: string };
  // From a worker thread the error keeps its message but not its class or code.
  if (isEventBudgetError(error)) {
    process.stderr.write(`drsim: ${typed.message} (raise --max-events or shorten the horizon)\n`);
    return EXIT_USAGE;
  }
  // A bug in drsim: say so plainly; the stack only with DRSIM_DEBUG.
  process.stderr.write(`drsim: internal error: ${(error as Error)?.message ?? String(error)}\n`);
  if (process.env.DRSIM_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
  return 70;
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
