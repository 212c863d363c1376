#!/usr/bin/env node
/* eslint-disable no-console */
// Applies one section of docs/install.md to an app, block by block, exactly as written:
// `sh` blocks run in the app's folder; a block whose first line names a file of the app
// (`// packages/backend/src/index.ts`, `# .yarnrc.yml`, `// package.json`, …) is applied
// to that file. So the install test follows the page a platform team reads, and a page
// that drifts from what works fails the test, naming its section and block.
//
//   node scripts/install-test/followDocs.js --app DIR --section "Backend" [--blocks 1,2]
//
// Blocks are counted from 1 within the section (up to its next heading of the same or a
// higher level); without --blocks every block is applied. A block that is neither a shell
// command nor headed by a file of the app (Kubernetes manifests, say) is refused when
// selected, so a selection never silently skips a step.
const fs = require('node:fs');
const path = require('node:path');
const { execSync } = require('node:child_process');
const YAML = require('yaml');

const DOCS = path.resolve(__dirname, '../../docs/install.md');

class StepError extends Error {}

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const value = argv[i + 1];
    if (
      !['--app', '--section', '--blocks', '--docs'].includes(key) ||
      value === undefined
    ) {
      throw new StepError(
        `unknown or incomplete option '${key}'; usage: followDocs.js --app DIR --section HEADING [--blocks 1,2]`,
      );
    }
    args[key.slice(2)] = value;
  }
  if (!args.app || !args.section) {
    throw new StepError('--app and --section are required');
  }
  return args;
}

/** The fenced blocks of a section, in order, each with its language and text. */
function sectionBlocks(markdown, section) {
  const lines = markdown.split('\n');
  const start = lines.findIndex(line => {
    const m = /^(#{2,4})\s+(.*)$/.exec(line);
    return m && m[2].trim() === section;
  });
  if (start < 0) {
    throw new StepError(`there is no section "${section}" any more`);
  }
  const level = /^(#+)/.exec(lines[start])[1].length;
  const blocks = [];
  let fence;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (!fence) {
      const heading = /^(#+)\s/.exec(line);
      if (heading && heading[1].length <= level) break;
      // Blocks inside list items are indented; their lines lose that indentation.
      const open = /^(\s*)```(\w*)\s*$/.exec(line);
      if (open) fence = { indent: open[1].length, lang: open[2], body: [] };
    } else if (/^\s*```\s*$/.test(line)) {
      blocks.push({ lang: fence.lang, text: fence.body.join('\n') });
      fence = undefined;
    } else {
      fence.body.push(
        line.slice(Math.min(fence.indent, /^\s*/.exec(line)[0].length)),
      );
    }
  }
  return blocks;
}

/** The app file a block is for, from its first line: `// path` or `# path[: comment]`. */
function targetFile(block) {
  const first = block.text.split('\n')[0];
  const m =
    /^\s*(?:\/\/|#)\s*([\w./-]+\.(?:ts|tsx|ya?ml|json))(?::.*)?\s*$/.exec(
      first,
    );
  return m ? m[1] : undefined;
}

function withoutFirstLine(text) {
  return text.split('\n').slice(1).join('\n');
}

function normalize(code) {
  return code.replace(/\s+/g, '');
}

function runShell(app, block, label) {
  // Join continued lines, then run each command as a reader would paste it.
  const commands = block.text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('#'));
  for (const command of commands) {
    console.log(`${label}: $ ${command}`);
    try {
      execSync(command, { cwd: app, stdio: 'inherit', shell: '/bin/bash' });
    } catch {
      throw new StepError(`the command failed: ${command}`);
    }
  }
}

// `backend.add(...)` statements go before `backend.start()`, unless the backend has them.
function applyBackendIndex(file, block) {
  let source = fs.readFileSync(file, 'utf8');
  const statements = withoutFirstLine(block.text)
    .replace(/^\s*\/\/.*$/gm, '')
    .split(/;\s*(?:\n|$)/)
    .map(s => s.trim())
    .filter(Boolean)
    .map(s => `${s};`);
  if (
    statements.length === 0 ||
    !statements.every(s => s.startsWith('backend.add('))
  ) {
    throw new StepError('expected only backend.add(…) statements');
  }
  const anchor = source.indexOf('backend.start()');
  if (anchor < 0) throw new StepError(`${file} has no backend.start()`);
  const present = normalize(source);
  const missing = statements.filter(s => !present.includes(normalize(s)));
  source = `${source.slice(0, anchor)}${missing.join('\n')}\n${source.slice(
    anchor,
  )}`;
  fs.writeFileSync(file, source);
  return missing.length
    ? `added ${missing.length} statement(s)`
    : 'every statement was there already';
}

function mergeDeep(target, patch) {
  if (Array.isArray(target) && Array.isArray(patch)) {
    const result = [...target];
    for (const item of patch) {
      if (
        !result.some(
          existing => JSON.stringify(existing) === JSON.stringify(item),
        )
      ) {
        result.push(item);
      }
    }
    return result;
  }
  if (
    target &&
    patch &&
    typeof target === 'object' &&
    typeof patch === 'object' &&
    !Array.isArray(target) &&
    !Array.isArray(patch)
  ) {
    const result = { ...target };
    for (const [key, value] of Object.entries(patch)) {
      result[key] = key in result ? mergeDeep(result[key], value) : value;
    }
    return result;
  }
  return patch;
}

function applyYaml(file, block) {
  const patch = YAML.parse(withoutFirstLine(block.text));
  const doc = fs.existsSync(file)
    ? YAML.parseDocument(fs.readFileSync(file, 'utf8'))
    : new YAML.Document({});
  const merged = mergeDeep(doc.toJS() ?? {}, patch);
  fs.writeFileSync(file, YAML.stringify(merged));
  return `merged ${Object.keys(patch).join(', ')}`;
}

function applyJson(file, block) {
  const patch = JSON.parse(withoutFirstLine(block.text));
  const merged = mergeDeep(JSON.parse(fs.readFileSync(file, 'utf8')), patch);
  fs.writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  return `merged ${Object.keys(patch).join(', ')}`;
}

// A TSX block for a legacy app: import declarations, then JSX fragments, each introduced
// by a comment that says where it goes (`// inside <FlatRoutes>:`, `// in the overview
// content's grid:`, `// in serviceEntityPage …:`).
const PLACES = [
  {
    says: /<FlatRoutes>/,
    insert: source =>
      before(source, source.indexOf('</FlatRoutes>'), '</FlatRoutes>'),
  },
  {
    says: /overview content/i,
    insert: source =>
      before(
        source,
        closingOf(source, 'const overviewContent', '\n  </Grid>\n);'),
        "the overview content's closing </Grid>",
      ),
  },
  {
    says: /serviceEntityPage/,
    insert: source =>
      before(
        source,
        closingOf(source, 'const serviceEntityPage', '\n  </EntityLayout>\n);'),
        "serviceEntityPage's closing </EntityLayout>",
      ),
  },
];

function closingOf(source, declaration, closing) {
  const start = source.indexOf(declaration);
  if (start < 0) return -1;
  const at = source.indexOf(closing, start);
  return at < 0 ? -1 : at + 1;
}

function before(source, index, what) {
  if (index < 0)
    throw new StepError(`the app's file has no ${what} to insert before`);
  return index;
}

function applyLegacyTsx(file, block) {
  let source = fs.readFileSync(file, 'utf8');
  const body = withoutFirstLine(block.text);
  const importPattern = /^import[\s\S]*?from\s+'[^']+';\s*$/gm;
  const imports = body.match(importPattern) ?? [];
  const rest = body.replace(importPattern, '');
  const parts = rest.split(/^\s*\/\/\s*(.*):\s*$/m);
  // parts: [before first comment, comment, fragment, comment, fragment, ...]
  const fragments = [];
  if (parts[0].trim()) fragments.push({ where: undefined, jsx: parts[0] });
  for (let i = 1; i < parts.length; i += 2) {
    fragments.push({ where: parts[i], jsx: parts[i + 1] });
  }
  const actions = [];
  for (const { where, jsx } of fragments) {
    const code = jsx.trim().replace(/;$/, '');
    if (!code) continue;
    const place = PLACES.find(p => where && p.says.test(where));
    if (!place) {
      throw new StepError(
        `a JSX fragment is not introduced by a comment saying where it goes (${
          where ?? 'none'
        })`,
      );
    }
    if (normalize(source).includes(normalize(code))) continue;
    const at = place.insert(source);
    source = `${source.slice(0, at)}${code}\n${source.slice(at)}`;
    actions.push(`put ${code.split('\n')[0].trim()}… ${where}`);
  }
  const newImports = imports.filter(
    i => !normalize(source).includes(normalize(i)),
  );
  if (newImports.length) {
    source = `${newImports.join('\n')}\n${source}`;
    actions.push(`imported ${newImports.length}`);
  }
  fs.writeFileSync(file, source);
  return actions.join('; ') || 'everything was there already';
}

function applyFile(app, block, relative) {
  const file = path.join(app, relative);
  if (relative === 'packages/backend/src/index.ts')
    return applyBackendIndex(file, block);
  if (/\.ya?ml$/.test(relative)) return applyYaml(file, block);
  if (relative.endsWith('.json')) return applyJson(file, block);
  if (relative.endsWith('.tsx')) return applyLegacyTsx(file, block);
  throw new StepError(`no rule to apply a block to ${relative}`);
}

function main() {
  let label = 'docs/install.md';
  try {
    const args = parseArgs(process.argv.slice(2));
    const docs = args.docs ? path.resolve(args.docs) : DOCS;
    const app = path.resolve(args.app);
    label = `${path.relative(path.resolve(__dirname, '../..'), docs)} § ${
      args.section
    }`;
    const blocks = sectionBlocks(fs.readFileSync(docs, 'utf8'), args.section);
    const wanted = args.blocks
      ? args.blocks.split(',').map(Number)
      : blocks.map((_, i) => i + 1);
    for (const n of wanted) {
      const block = blocks[n - 1];
      const blockLabel = `${label}, block ${n}`;
      if (!block) {
        throw new StepError(
          `${blockLabel}: the section has only ${blocks.length} block(s)`,
        );
      }
      try {
        const relative = targetFile(block);
        if (block.lang === 'sh') {
          runShell(app, block, blockLabel);
        } else if (relative) {
          console.log(
            `${blockLabel}: ${relative}: ${applyFile(app, block, relative)}`,
          );
        } else {
          throw new StepError(
            `a ${
              block.lang || 'plain'
            } block that is no shell command and names no file of the app`,
          );
        }
      } catch (error) {
        if (error instanceof StepError) {
          error.message = `${blockLabel}: ${error.message}`;
        }
        throw error;
      }
    }
  } catch (error) {
    const message =
      error instanceof StepError ? error.message : `${label}: ${error.stack}`;
    console.error(`\ninstall test: failed following ${message}`);
    process.exit(1);
  }
}

main();
