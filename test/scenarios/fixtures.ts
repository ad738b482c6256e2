import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

export function fixtureText(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/** The fixture as a plain object, to be varied by a test. */
export function fixtureObject(name: string): Record<string, any> {
  return parse(fixtureText(name)) as Record<string, any>;
}
