/**
 * YAML text nested past MAX_DOCUMENT_DEPTH is refused before yaml composes it.
 *
 * yaml's composer recurses once per nesting level and overflows the stack at
 * about a thousand levels ('['.repeat(1000) is 2 KB). That overflow is not
 * the catchable RangeError it looks like: yaml catches it at the edge of the
 * stack and goes on, running regular expressions there, and when V8 has to
 * compile one with no stack left it aborts the whole process with "FATAL
 * ERROR: RegExpCompiler Allocation failed - process out of memory" (exit
 * 134; the heap is a few MB). In a fresh process the second such body does it
 * every time. Once ordinary YAML has been through the composer, its regular
 * expressions are compiled and the overflow is survived, so
 * test/api/fuzz.test.ts, sending such text at random among other bodies,
 * brought its vitest fork down only when two deep cases came first.
 *
 * The first two bodies below are that test's cases 0 and 5 at
 * DRSIM_FUZZ_SEED=255, which aborted its fork; the others are the same
 * shape in each YAML style and through each endpoint that reads text. They go
 * to the built API in a fresh node process, three times each: it must live
 * to print every answer, and each must be a 422 that says where the text is
 * too deep.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_DEPTH } from '../../src/scenarios/index.js';

const flow = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const flowMaps = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const blockSequences = (depth: number) => '- '.repeat(depth) + '1';
const blockMaps = (depth: number) => Array.from({ length: depth }, (_, level) => `${' '.repeat(level)}a:`).join('\n') + ' 1';

const HOSTILE: [url: string, body: unknown][] = [
  ['/v1/simulations', { scenario: flow(1_096) }],
  ['/v1/validate', { scenario: flow(1_069) }],
  ['/v1/simulations', { scenario: flowMaps(5_000) }],
  ['/v1/validate', { scenario: blockSequences(3_000) }],
  ['/v1/validate', { scenario: blockMaps(1_400) }],
  ['/v1/sweeps', { scenario: flow(1_000), axes: [{ path: 'spec.horizon', values: ['1d'] }] }],
  ['/v1/sizing', { scenario: flow(20_000), field: 'bandwidth' }],
  ['/v1/import', { manifests: flow(3_000) }],
  ['/v1/import', { manifests: [{ name: 'deep.yaml', text: `kind: ConfigMap\n---\n${blockSequences(3_000)}` }] }],
];

/** Runs in the child: the built API, every hostile body (read from stdin) `rounds` times through inject, one JSON line per answer. */
const CHILD = `
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeApi, createApi } from './dist/src/api/app.js';
import { apiConfig } from './dist/src/api/config.js';
const { bodies, rounds } = JSON.parse(readFileSync(0, 'utf8'));
const api = await createApi(apiConfig({ host: '127.0.0.1', port: 0, dataDir: mkdtempSync(join(tmpdir(), 'drsim-deep-yaml-')), workers: 1, logger: false }));
for (let round = 0; round < rounds; round += 1) {
  for (const [url, body] of bodies) {
    const answer = await api.app.inject({ method: 'POST', url, payload: body });
    process.stdout.write(JSON.stringify({ url, status: answer.statusCode, body: JSON.parse(answer.body) }) + '\\n');
  }
}
await closeApi(api);
`;

describe('YAML text nested past the depth limit', () => {
  it(`is refused with a 422 naming where it passes ${MAX_DOCUMENT_DEPTH} levels, and the server process survives it`, () => {
    const rounds = 3;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD], {
      input: JSON.stringify({ bodies: HOSTILE, rounds }),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 50_000,
    });
    expect(child.error).toBeUndefined();
    expect(child.status, `child exited ${child.status} ${child.signal ?? ''}: ${child.stderr.slice(0, 600)}`).toBe(0);
    const answers = child.stdout.trim().split('\n').map((line) => JSON.parse(line) as { url: string; status: number; body: { message: string; issues?: { message: string; line?: number; column?: number }[] } });
    expect(answers).toHaveLength(HOSTILE.length * rounds);
    for (const { url, status, body } of answers) {
      expect(status, `${url}: ${JSON.stringify(body).slice(0, 300)}`).toBe(422);
      const said = [body.message, ...(body.issues ?? []).map((issue) => issue.message)].join(' | ');
      expect(said, url).toContain(`more than ${MAX_DOCUMENT_DEPTH} levels deep`);
    }
    // The text's first collection past the limit is where the scenario issue points: '[' number 65 of line 1.
    const validate = answers.find(({ url }) => url === '/v1/validate')!;
    expect(validate.body.issues?.[0]).toMatchObject({ line: 1, column: MAX_DOCUMENT_DEPTH + 1 });
  }, 60_000);
});
