/** What production-bundle.test.ts looks for in the deployed folder. */
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

interface Manifest {
  readonly name: string;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

/** Tools that come in through a development dependency rather than being one themselves. */
const TOOLS_BEHIND_DEV_DEPENDENCIES = ['esbuild', 'vite', 'testcontainers', '@testcontainers/mysql'];

/**
 * mysql2 declares @types/node as a required peer, so pnpm installs it with mysql2 in any project: types only,
 * never loaded at run time.
 */
const ALLOWED = new Set(['@types/node']);

/** The root's manifest and those of the workspace's packages (pnpm-workspace.yaml: packages/*, examples/*). */
function workspaceManifests(repoRoot: string): Manifest[] {
  const projects = ['packages', 'examples'].flatMap((parent) =>
    readdirSync(join(repoRoot, parent)).map((name) => join(repoRoot, parent, name)),
  );
  return [repoRoot, ...projects]
    .filter((folder) => existsSync(join(folder, 'package.json')))
    .map((folder) => JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Manifest);
}

/**
 * Every package some workspace manifest lists as a devDependency and none of the packages the gateway runs lists
 * as a dependency (the gateway's own dependencies, followed through the workspace packages), plus the tools those
 * bring along.
 */
export function devOnlyPackages(repoRoot: string, app = 'example-gateway'): string[] {
  const manifests = workspaceManifests(repoRoot);
  const byName = new Map(manifests.map((manifest) => [manifest.name, manifest]));
  const production = new Set<string>();
  const follow = (name: string) => {
    for (const dependency of Object.keys(byName.get(name)?.dependencies ?? {})) {
      if (production.has(dependency)) continue;
      production.add(dependency);
      follow(dependency);
    }
  };
  follow(app);
  const dev = manifests.flatMap((manifest) => Object.keys(manifest.devDependencies ?? {}));
  const devOnly = new Set([...dev, ...TOOLS_BEHIND_DEV_DEPENDENCIES]);
  return [...devOnly].filter((name) => !production.has(name) && !ALLOWED.has(name)).sort();
}

/** The symbolic links under `folder` that point outside it (or nowhere), as `link -> target`. */
export function linksLeaving(folder: string): string[] {
  const root = realpathSync(folder);
  const leaving: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      if (!entry.isSymbolicLink()) continue;
      let target: string;
      try {
        target = realpathSync(path);
      } catch {
        target = `${readlinkSync(path)} (missing)`;
      }
      if (!target.startsWith(root + sep)) leaving.push(`${relative(root, path)} -> ${target}`);
    }
  };
  walk(root);
  return leaving;
}
