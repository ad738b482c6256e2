/**
 * The script a report page runs, as one piece of JavaScript to inline.
 *
 * The page code is ordinary TypeScript under src/report/page/, type-checked
 * with the rest of drsim and compiled by tsc to ES modules. A report opens
 * from file:// with no network, where a browser will not load one module from
 * another, so the compiled modules are joined here: each becomes a function
 * scope returning its exports, and its imports become reads of the modules it
 * names. Only the forms tsc emits for our page code are accepted (named
 * relative imports, `export` before a declaration); anything else is an error
 * at generation time rather than a page that fails in the browser.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The page's entry module, relative to this file. */
const ENTRY = './page/main.js';

interface PageModule {
  id: string;
  body: string;
  exports: string[];
  imports: { from: string; bindings: { imported: string; local: string }[] }[];
}

const IMPORT = /^import\s*\{([^}]*)\}\s*from\s*(['"])(\.{1,2}\/[^'"]+)\2;?[ \t]*$/gm;
const EXPORTED_DECLARATION = /^export\s+((?:async\s+)?function\*?|const|let|class)\s+([A-Za-z_$][\w$]*)/gm;
const EMPTY_EXPORT = /^export\s*\{\s*\};?[ \t]*$/gm;
const SOURCE_MAP = /^\/\/# sourceMappingURL=.*$/gm;

/** The page script: every module the entry reaches, joined, then the entry run. */
export function pageScript(): string {
  const entryFile = compiledEntry();
  const modules = new Map<string, PageModule>();
  const order: PageModule[] = [];
  const visiting = new Set<string>();
  const root = dirname(dirname(entryFile));
  const visit = (file: string) => {
    if (modules.has(file)) return;
    if (visiting.has(file)) throw new Error(`report page modules import each other in a cycle at ${relative(root, file)}`);
    visiting.add(file);
    const parsed = parseModule(file, relative(root, file));
    for (const entry of parsed.imports) visit(entry.from);
    visiting.delete(file);
    modules.set(file, parsed);
    order.push(parsed);
  };
  visit(entryFile);
  const names = new Map(order.map((module, index) => [module.id, `__page${index}`]));
  const chunks = order.map((module) => {
    const bindings = module.imports.map((entry) => {
      const source = modules.get(entry.from)!;
      for (const binding of entry.bindings) {
        if (!source.exports.includes(binding.imported)) {
          throw new Error(`${module.id} imports ${binding.imported}, which ${source.id} does not export`);
        }
      }
      const list = entry.bindings.map((b) => (b.imported === b.local ? b.local : `${b.imported}: ${b.local}`)).join(', ');
      return `const { ${list} } = ${names.get(source.id)};`;
    });
    return `// ${module.id}\nconst ${names.get(module.id)} = (() => {\n${bindings.join('\n')}\n${module.body}\nreturn { ${module.exports.join(', ')} };\n})();`;
  });
  return `(() => {\n"use strict";\n${chunks.join('\n')}\n})();\n`;
}

function parseModule(file: string, id: string): PageModule {
  let body = readFileSync(file, 'utf8').replace(SOURCE_MAP, '').replace(EMPTY_EXPORT, '');
  const imports: PageModule['imports'] = [];
  body = body.replace(IMPORT, (_line, list: string, _quote: string, specifier: string) => {
    const bindings = list
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0)
      .map((part) => {
        const [imported, local = imported] = part.split(/\s+as\s+/);
        return { imported, local };
      });
    imports.push({ from: resolve(dirname(file), specifier), bindings });
    return '';
  });
  const exports: string[] = [];
  body = body.replace(EXPORTED_DECLARATION, (_match, keyword: string, name: string) => {
    exports.push(name);
    return `${keyword} ${name}`;
  });
  const leftover = /^\s*(import|export)\b.*$/m.exec(body);
  if (leftover) throw new Error(`report page module ${id}: unsupported module syntax "${leftover[0].trim()}"`);
  for (const entry of imports) {
    if (!existsSync(entry.from)) throw new Error(`report page module ${id} imports a missing module ${entry.from}`);
  }
  return { id, body, exports, imports };
}

/**
 * The compiled entry module. Running from dist it sits beside this file; under
 * the test runner this file is TypeScript source and the page comes from the
 * build in dist/, which must not be older than the page's source.
 */
function compiledEntry(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  if (!import.meta.url.endsWith('.ts')) return join(here, ENTRY);
  const root = join(here, '..', '..');
  const built = join(root, 'dist', 'src', 'report', ENTRY);
  if (!existsSync(built)) throw new Error(`report page not built: run "npm run build" (looked for ${built})`);
  const sourceDir = join(here, 'page');
  const builtDir = dirname(built);
  for (const file of readdirSync(sourceDir).filter((name) => name.endsWith('.ts'))) {
    const compiled = join(builtDir, file.replace(/\.ts$/, '.js'));
    if (!existsSync(compiled) || statSync(compiled).mtimeMs < statSync(join(sourceDir, file)).mtimeMs) {
      throw new Error(`report page build is stale (${file} changed): run "npm run build"`);
    }
  }
  return built;
}
