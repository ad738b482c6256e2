/**
 * How the CLI fails: a UsageError (bad input or usage) exits 2 with its
 * message and never a stack trace; objectives breached or invariants violated
 * exit 1 (see exit-codes.ts).
 */
export class UsageError extends Error {
  constructor(
    message: string,
    /** Already formatted lines (e.g. every scenario issue with its position). */
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
