// Where bin/ loads Pont from: the compiled JavaScript in build/ (npm run build; npm ci runs it) when it is
// newer than every file in src/, so a command starts on plain Node; otherwise the TypeScript sources through
// tsx, which is slower to start but always current.
import fs from 'node:fs';

const root = new URL('../', import.meta.url);

/** Whether build/ was made after the last change to any file in src/. */
function buildIsCurrent() {
  let built;
  try {
    built = fs.statSync(new URL('build/.built', root)).mtimeMs;
  } catch {
    return false;
  }
  const newerThanBuild = (folder) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const child = new URL(entry.name + (entry.isDirectory() ? '/' : ''), folder);
      if (entry.isDirectory() ? newerThanBuild(child) : fs.statSync(child).mtimeMs > built) return true;
    }
    return false;
  };
  return !newerThanBuild(new URL('src/', root));
}

/** Imports a module of src/ by its path without extension, e.g. `channels/cli/main`. */
export async function load(modulePath) {
  if (process.env.PONT_FROM_SOURCE !== '1' && buildIsCurrent())
    return import(new URL(`build/${modulePath}.js`, root).href);
  const { register } = await import('tsx/esm/api');
  register();
  return import(new URL(`src/${modulePath}.ts`, root).href);
}
