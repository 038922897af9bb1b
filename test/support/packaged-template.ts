/**
 * The packaged stack: `npm run package` (osls, offline) and what it wrote to .serverless/.
 * `packagedTemplate()` packages once, or reuses .serverless/ when it is newer than every input;
 * test files running in parallel take turns through a lock directory.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '#lib/local/definition.ts';

export const OUT = join(PROJECT_ROOT, '.serverless');
const TEMPLATE = join(OUT, 'cloudformation-template-update-stack.json');
const INPUTS = 'serverless.yml package.json package-lock.json statemachines functions lib config'.split(' ');
export const PACKAGE_TIMEOUT_MS = 60_000;
const LOCK = join(PROJECT_ROOT, 'node_modules', '.cache', 'avm-package.lock');

function newestInput(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestInput(join(path, entry))));
}

function isFresh(): boolean {
  if (!existsSync(TEMPLATE)) return false;
  const built = statSync(TEMPLATE).mtimeMs;
  return INPUTS.every((input) => newestInput(join(PROJECT_ROOT, input)) < built);
}

function tryLock(): boolean {
  try {
    mkdirSync(LOCK);
    return true;
  } catch {
    // A run killed while packaging leaves its lock behind.
    const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > PACKAGE_TIMEOUT_MS) rmSync(LOCK, { recursive: true, force: true });
    return false;
  }
}

/** One packaging at a time in this checkout (parallel test files and `npm test` runs share .serverless/). */
async function packageOnce(): Promise<void> {
  mkdirSync(join(LOCK, '..'), { recursive: true });
  const deadline = Date.now() + 2 * PACKAGE_TIMEOUT_MS;
  while (!tryLock()) {
    if (Date.now() > deadline) throw new Error(`${LOCK} held for too long; remove it if no packaging runs`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  try {
    if (isFresh()) return;
    const env = { ...process.env };
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'])
      delete env[name];
    await promisify(execFile)('npm', ['run', 'package'], {
      cwd: PROJECT_ROOT,
      env,
      timeout: PACKAGE_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(
        `npm run package failed: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`,
      );
    });
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** The template's Resources, packaging first when .serverless/ is missing or stale. */
export async function packagedTemplate<T>(): Promise<Record<string, T>> {
  if (!isFresh()) await packageOnce();
  return JSON.parse(readFileSync(TEMPLATE, 'utf8')).Resources;
}
