/**
 * The CommonJS build (`dist-cjs/`) of every package whose exports offer a `require` entry, run by `pnpm build`
 * after `tsc -b` wrote the ES modules and declarations to `dist/`.
 *
 * Each source file is transpiled on its own (the sources are `isolatedModules`, so no type information is needed)
 * with TypeScript itself: no bundler, one output file per source file, the same relative imports. The one ESM-only
 * expression in the sources, `import.meta.url`, becomes the CommonJS equivalent; any other `import.meta` use fails
 * the build, and so does an output file Node could not load as CommonJS (a top-level `await`, say). The
 * declarations are copies of `dist/`'s: `dist-cjs/package.json` says `commonjs`, so TypeScript reads the same
 * files as CommonJS declarations for `require` consumers. A package's `bin` entries are left out: Node runs them
 * from dist/ as ES modules (they may use a top-level `await`), and no CommonJS file may require one.
 *
 * Usage: tsx scripts/build-cjs.ts [package folder ...]   (default: every such package under packages/)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFunction } from 'node:vm';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const compilerOptions: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  isolatedModules: true,
  // The sources use `import type` everywhere; verbatimModuleSyntax itself forbids a CommonJS emit.
  verbatimModuleSyntax: false,
  sourceMap: true,
};

function filesUnder(folder: string, suffix: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(suffix))
    .map((name) => join(folder, name));
}

/** `import.meta.url` -> `require("node:url").pathToFileURL(__filename).href`; any other `import.meta` is an error. */
function importMetaUrlAsCommonJs(file: string): ts.TransformerFactory<ts.SourceFile> {
  return (context) => {
    const f = context.factory;
    const isImportMeta = (node: ts.Node): node is ts.MetaProperty =>
      ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword;
    const visit = (node: ts.Node): ts.Node => {
      if (ts.isPropertyAccessExpression(node) && isImportMeta(node.expression) && node.name.text === 'url') {
        const nodeUrl = f.createCallExpression(f.createIdentifier('require'), undefined, [
          f.createStringLiteral('node:url'),
        ]);
        const fileUrl = f.createCallExpression(f.createPropertyAccessExpression(nodeUrl, 'pathToFileURL'), undefined, [
          f.createIdentifier('__filename'),
        ]);
        return f.createPropertyAccessExpression(fileUrl, 'href');
      }
      if (isImportMeta(node)) throw new Error(`${file}: only import.meta.url has a CommonJS form in build-cjs.ts`);
      return ts.visitEachChild(node, visit, context);
    };
    return (sourceFile) => ts.visitNode(sourceFile, visit) as ts.SourceFile;
  };
}

function transpile(srcFile: string, outFile: string): void {
  const result = ts.transpileModule(readFileSync(srcFile, 'utf8'), {
    // Relative to the output, so the source map points at the shipped src/ file as dist/'s maps do.
    compilerOptions: { ...compilerOptions, sourceRoot: `${relative(dirname(outFile), dirname(srcFile))}/` },
    fileName: basename(srcFile),
    reportDiagnostics: true,
    transformers: { before: [importMetaUrlAsCommonJs(srcFile)] },
  });
  const problems = result.diagnostics ?? [];
  if (problems.length > 0)
    throw new Error(`${srcFile}: ${ts.flattenDiagnosticMessageText(problems[0]?.messageText, '\n')}`);
  // Parsed as the body of Node's CommonJS wrapper: fails here, not in a consumer's require().
  compileFunction(result.outputText, ['exports', 'require', 'module', '__filename', '__dirname'], {
    filename: outFile,
  });
  writeIfChanged(outFile, result.outputText);
  if (result.sourceMapText) writeIfChanged(`${outFile}.map`, result.sourceMapText);
}

/** Files this run wrote or found current: anything else under dist-cjs/ is stale and removed at the end. */
const produced = new Set<string>();

/**
 * Writes only what changed, each file replaced at once (a temporary file renamed over it): a build that changes
 * nothing touches nothing, so another process copying dist-cjs/ meanwhile (a test packing or deploying the
 * packages while another one builds) never sees a missing or half-written file.
 */
function writeIfChanged(file: string, content: string | Buffer): void {
  produced.add(file);
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  if (existsSync(file) && readFileSync(file).equals(bytes)) return;
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, file);
}

/** Removes the files of `folder` this run did not produce (sources deleted or renamed since). */
function removeStale(folder: string): void {
  for (const name of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
    const file = join(folder, name);
    if (!produced.has(file) && statSync(file).isFile()) rmSync(file);
  }
}

/** The sources of the package's `bin` entries (`./dist/cli.js` -> `src/cli.ts`). */
function binSources(packageDir: string): Set<string> {
  const { bin } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    bin?: string | Record<string, string>;
  };
  const targets = typeof bin === 'string' ? [bin] : Object.values(bin ?? {});
  return new Set(
    targets.map((target) => join(packageDir, target.replace(/^(\.\/)?dist\//, 'src/').replace(/\.js$/, '.ts'))),
  );
}

/** Fails when an emitted file requires one that was left out (a bin entry). */
function assertNoRequireOf(outFiles: readonly string[], leftOut: ReadonlySet<string>): void {
  for (const file of outFiles) {
    for (const [, request] of readFileSync(file, 'utf8').matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
      if (request && leftOut.has(resolve(dirname(file), request)))
        throw new Error(`${file} requires ${request}, an ES-module-only bin entry`);
    }
  }
}

function buildPackage(packageDir: string): number {
  const src = join(packageDir, 'src');
  const dist = join(packageDir, 'dist');
  const out = join(packageDir, 'dist-cjs');
  const bins = binSources(packageDir);
  const outFileOf = (file: string) => join(out, relative(src, file)).replace(/\.ts$/, '.js');
  const sources = filesUnder(src, '.ts').filter((file) => !file.endsWith('.d.ts') && !bins.has(file));
  for (const file of sources) transpile(file, outFileOf(file));
  assertNoRequireOf(sources.map(outFileOf), new Set([...bins].map(outFileOf)));
  for (const suffix of ['.d.ts', '.d.ts.map']) {
    for (const file of filesUnder(dist, suffix)) {
      const target = join(out, relative(dist, file));
      if (bins.has(join(src, relative(dist, file)).replace(/\.d\.ts(\.map)?$/, '.ts'))) continue;
      writeIfChanged(target, readFileSync(file));
    }
  }
  writeIfChanged(join(out, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
  removeStale(out);
  return sources.length;
}

/** Packages whose package.json points an export at dist-cjs/. */
function packagesWithCommonJs(): string[] {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir)
    .map((name) => join(packagesDir, name))
    .filter((dir) => {
      try {
        return readFileSync(join(dir, 'package.json'), 'utf8').includes('./dist-cjs/');
      } catch {
        return false;
      }
    });
}

const dirs = process.argv.length > 2 ? process.argv.slice(2).map((dir) => resolve(dir)) : packagesWithCommonJs();
for (const dir of dirs) {
  const count = buildPackage(dir);
  console.log(`build-cjs: ${relative(root, dir)}/dist-cjs (${count} files)`);
}
