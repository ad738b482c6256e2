/** `drsim validate FILE...`: checks scenarios and reports every problem with its position. */
import type { Command } from 'commander';
import { loadScenarioReference } from '../scenario-input.js';
import { UsageError } from '../errors.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check scenario files: every error with its path, line and column, and warnings')
    .argument('<scenario...>', 'scenario files (YAML or JSON) or bundled scenario names')
    .option('--json', 'print {"valid": [...], "invalid": [...]} as JSON')
    .action(async (references: string[], options: { json?: boolean }) => {
      const valid: { file: string; warnings: string[] }[] = [];
      const invalid: { file: string; errors: string[] }[] = [];
      for (const reference of references) {
        try {
          const loaded = await loadScenarioReference(reference);
          valid.push({ file: loaded.filename, warnings: loaded.warnings });
        } catch (error) {
          if (!(error instanceof UsageError)) throw error;
          invalid.push({ file: reference, errors: [error.message, ...error.details] });
        }
      }
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ valid, invalid }, null, 2)}\n`);
      } else {
        for (const entry of valid) {
          process.stdout.write(`ok       ${entry.file}\n`);
          for (const warning of entry.warnings) process.stdout.write(`  warning: ${warning}\n`);
        }
        for (const entry of invalid) {
          process.stderr.write(`invalid  ${entry.file}\n`);
          for (const line of entry.errors.slice(1)) process.stderr.write(`  ${line}\n`);
        }
      }
      if (invalid.length > 0) process.exitCode = 2;
    });
}
