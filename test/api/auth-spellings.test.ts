/**
 * The bearer check guards routes, not URL text: every /v1 operation, sent in
 * every spelling a router or proxy might accept (percent-encoded, double
 * encoded, absolute form, dot segments, trailing slashes, case), without a
 * valid token answers 401 or 404 and never runs. Requests go byte for byte
 * over a socket (raw-http.ts) so nothing normalises the target on the way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/api/server.js';
import { startTestServer } from './harness.js';
import { rawRequest, type RawAnswer } from './raw-http.js';

const TOKEN = 'spellings-token-93ad';
const EXAMPLE_PARAMS: Record<string, string> = { id: '00000000-0000-4000-8000-000000000000', name: 'regional-5m-vms' };
const BAD_CREDENTIALS: Record<string, Record<string, string>> = {
  none: {},
  'a wrong token': { authorization: 'Bearer not-the-token' },
  'the token under another scheme': { authorization: `Basic ${TOKEN}` },
  'an empty bearer': { authorization: 'Bearer ' },
};

interface Operation {
  method: string;
  path: string;
}

/** Percent-encodes the character at `index` of `text`, in upper or lower case hex. */
function encodeAt(text: string, index: number, lower = false): string {
  const hex = text.charCodeAt(index).toString(16).padStart(2, '0');
  return text.slice(0, index) + '%' + (lower ? hex : hex.toUpperCase()) + text.slice(index + 1);
}

function encodeAll(text: string): string {
  return [...text].map((character) => (character === '/' ? '/' : '%' + character.charCodeAt(0).toString(16).toUpperCase())).join('');
}

/** Targets that name `path` (or try to) in the ways clients, proxies and attackers write them. */
export function spellings(path: string, authority: string): string[] {
  const withoutSlash = path.slice(1);
  const targets = new Set<string>([
    path,
    path + '/',
    path + '//',
    '/' + path,
    path.replace(/\//g, '//'),
    path + '?x=1',
    path + '/?x=1',
    path + ';x=1',
    path + '#fragment',
    path.toUpperCase(),
    path.replace('/v1', '/V1'),
    path.replace(/\/([a-z])/, (_match, letter: string) => '/' + letter.toUpperCase()),
    '/./' + withoutSlash,
    '/x/../' + withoutSlash,
    path.replace('/v1/', '/v1/./'),
    path.replace('/v1/', '/v1/x/../'),
    path.replace('/v1/', '/v1%2F'),
    path.replace('/v1/', '/v1%2f'),
    path.replace('/v1/', '/v1%5C'),
    path.replace(/\//g, '\\'),
    encodeAll(path),
    path.replace('/v1', '/%2576%2531'),
    path.replace('/v1', '/%25761'),
    path.replace('/v1', '/v%2531'),
    path.replace('/v1', '/%76%31'),
    path.replace('/v1', '/%56%31'),
    path.replace('/v1', '/v1%00'),
    path.replace('/v1', '/v1%20'),
    path + '%20',
    path + '%00',
    path + '%2F',
    path + '%2e',
    `http://${authority}${path}`,
    `HTTP://${authority}${path}`,
    `http://${authority}${path}/`,
    `http://${authority}/%761${path.slice(3)}`,
    `https://elsewhere.example${path}`,
    `http://${authority}//${withoutSlash}`,
    `//${authority}${path}`,
  ]);
  for (let index = 1; index < path.length; index += 1) {
    if (path[index] === '/') continue;
    targets.add(encodeAt(path, index));
    targets.add(encodeAt(path, index, true));
  }
  return [...targets];
}

/** Did the answer come from a /v1 handler (or its validation), rather than the router's 404 or a refusal of the target? */
function reachedRoute(answer: RawAnswer): boolean {
  // A handler's 400 is about the body it validated; any other 400 refused the target before routing.
  if (answer.status === 400 && !answer.body.includes('request body')) return false;
  return !(answer.status === 404 && answer.body.includes('no endpoint'));
}

describe('the bearer check cannot be bypassed by spelling the target differently', () => {
  let server: RunningServer;
  let operations: Operation[];
  let authority: string;
  beforeAll(async () => {
    server = await startTestServer({ token: TOKEN });
    authority = new URL(server.url).host;
    const openapi = (await (await fetch(server.url + '/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    operations = Object.entries(openapi.paths)
      .filter(([path]) => path.startsWith('/v1/'))
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => ({
          method: method.toUpperCase(),
          path: path.replace(/\{(\w+)\}/g, (_match, name: string) => EXAMPLE_PARAMS[name] ?? 'x'),
        })),
      );
  });
  afterAll(() => server.close());

  it('covers every /v1 operation the server documents', () => {
    const names = operations.map((operation) => `${operation.method} ${operation.path.replace(/\/[^/]*-[^/]*$/, '/*')}`);
    for (const expected of ['GET /v1/scenarios', 'POST /v1/simulations', 'POST /v1/sweeps', 'POST /v1/sizing', 'POST /v1/validate', 'POST /v1/import', 'GET /v1/jobs/*', 'DELETE /v1/jobs/*']) {
      expect(names).toContain(expected);
    }
  });

  it('without a valid token, no spelling of any operation answers anything but 401, 404 or 400', async () => {
    const leaks: string[] = [];
    // fastify answers HEAD for every GET route: those must be guarded too.
    const withHead = operations.flatMap((operation) => (operation.method === 'GET' ? [operation, { ...operation, method: 'HEAD' }] : [operation]));
    for (const { method, path } of withHead) {
      const body = method === 'POST' ? '{}' : undefined;
      for (const target of spellings(path, authority)) {
        for (const [credential, headers] of Object.entries(BAD_CREDENTIALS)) {
          const answer = await rawRequest(server, method, target, headers, body);
          if (![400, 401, 404].includes(answer.status)) leaks.push(`${method} ${target} with ${credential}: ${answer.status} ${answer.body.slice(0, 120)}`);
          else if (answer.status === 401) expect(answer.headers['www-authenticate'], `${method} ${target}`).toMatch(/^Bearer/);
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it('every spelling that reaches an operation with the token is refused 401 without it', async () => {
    let reached = 0;
    const unguarded: string[] = [];
    for (const { method, path } of operations) {
      const body = method === 'POST' ? '{}' : undefined;
      for (const target of spellings(path, authority)) {
        const authorised = await rawRequest(server, method, target, { authorization: `Bearer ${TOKEN}` }, body);
        expect(authorised.status, `${method} ${target} with the token`).toBeLessThan(500);
        if (!reachedRoute(authorised)) continue;
        reached += 1;
        const refused = await rawRequest(server, method, target, {}, body);
        if (refused.status !== 401) unguarded.push(`${method} ${target}: ${refused.status} (with the token ${authorised.status})`);
      }
    }
    expect(unguarded).toEqual([]);
    // The router accepts many of these spellings: the test proves something only if some reach a handler.
    expect(reached).toBeGreaterThan(operations.length * 5);
  });

  it('a target the router cannot decode is a 400 in the API error shape', async () => {
    for (const target of ['/v1/scenarios%', '/%zz/scenarios', '/v1/jobs/%E0%A4%A']) {
      const answer = await rawRequest(server, 'GET', target);
      expect(answer.status, target).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ statusCode: 400, error: 'bad request' });
    }
  });
});
