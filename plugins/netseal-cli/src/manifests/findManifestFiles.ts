import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Problem } from '../report/Problem';
import { describeFileError } from './describeFileError';
import { MANIFEST_EXTENSIONS } from './limits';
import { ManifestFileRef } from './ManifestFileRef';

/** What the path arguments of a command name: files to read, the directories among them, and paths that could not be listed. */
export interface FoundManifestFiles {
  files: ManifestFileRef[];
  directoryArguments: string[];
  problems: Problem[];
}

function isManifestFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return MANIFEST_EXTENSIONS.some(extension => lower.endsWith(extension));
}

/** Hidden directories (`.git`, `.github`) and `node_modules` never hold a repository's policies. */
function isSkippedDirectory(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

/**
 * Lists the manifest files under the given paths, in a stable order. Directories are walked
 * recursively; symbolic links to files are followed, symbolic links to directories are not
 * (a link back up the tree would never end).
 */
export async function findManifestFiles(
  args: readonly string[],
  cwd: string,
): Promise<FoundManifestFiles> {
  const found: FoundManifestFiles = {
    files: [],
    directoryArguments: [],
    problems: [],
  };
  const seen = new Set<string>();
  const addFile = (ref: ManifestFileRef) => {
    if (!seen.has(ref.absolute)) {
      seen.add(ref.absolute);
      found.files.push(ref);
    }
  };

  const walk = async (
    absolute: string,
    display: string,
    directoryArgument: string,
  ) => {
    let entries;
    try {
      entries = await fs.readdir(absolute, { withFileTypes: true });
    } catch (error) {
      found.problems.push({
        file: display,
        path: '',
        message: `cannot list directory: ${describeFileError(error)}`,
        code: 'unreadable',
      });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const childAbsolute = path.join(absolute, entry.name);
      const childDisplay = path.join(display, entry.name);
      if (entry.isDirectory()) {
        if (!isSkippedDirectory(entry.name)) {
          await walk(childAbsolute, childDisplay, directoryArgument);
        }
      } else if (isManifestFileName(entry.name)) {
        const isFile =
          entry.isFile() ||
          (entry.isSymbolicLink() &&
            (await fs.stat(childAbsolute).then(
              stats => stats.isFile(),
              () => true, // a dangling link is reported when it is read
            )));
        if (isFile) {
          addFile({
            display: childDisplay,
            absolute: childAbsolute,
            directoryArgument,
          });
        }
      }
    }
  };

  for (const arg of args) {
    const absolute = path.resolve(cwd, arg);
    let stats;
    try {
      stats = await fs.stat(absolute);
    } catch (error) {
      found.problems.push({
        file: arg,
        path: '',
        message: `cannot read: ${describeFileError(error)}`,
        code: 'unreadable',
      });
      continue;
    }
    if (stats.isDirectory()) {
      found.directoryArguments.push(arg);
      await walk(absolute, arg, arg);
    } else if (stats.isFile()) {
      addFile({ display: arg, absolute });
    } else {
      // Opening a named pipe would wait for a writer forever.
      found.problems.push({
        file: arg,
        path: '',
        message: 'cannot read: not a regular file',
        code: 'unreadable',
      });
    }
  }
  return found;
}
