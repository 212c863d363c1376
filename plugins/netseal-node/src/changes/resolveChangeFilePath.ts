import { InputError } from '@backstage/errors';
import type { ChangeFile, LiveRemoval } from './NetsealChangeProvider';

/**
 * The repository path of a change's file, `filePath` taken relative to the policy
 * source's folder `subpath`. Anything that could leave that folder or reach into git's
 * own files is refused: absolute paths, drive letters, `.` and `..` segments, empty
 * segments, backslashes, control characters and `.git`.
 *
 * @public
 */
export function resolveChangeFilePath(
  subpath: string,
  filePath: string,
  field: string,
): string {
  const refuse = (why: string): never => {
    throw new InputError(
      `${field} "${filePath}" ${why}; give a path inside the policy source, such as "prod-eu/web.yaml"`,
    );
  };
  if (filePath.length === 0) refuse('is empty');
  if (filePath.startsWith('/') || /^[A-Za-z]:/.test(filePath)) {
    refuse('is absolute');
  }
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(filePath)) {
    refuse('holds a backslash or a control character');
  }
  for (const segment of filePath.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      refuse('has an empty, "." or ".." segment');
    }
    if (segment.toLowerCase() === '.git') refuse('reaches into .git');
  }
  return subpath ? `${subpath}/${filePath}` : filePath;
}

/**
 * A change's files with their repository paths (see resolveChangeFilePath), refusing
 * a file named twice, and an empty change unless it removes live objects Git never held
 * (`liveRemovals`), as every change provider must.
 *
 * @public
 */
export function resolveChangeFiles(
  subpath: string,
  files: readonly ChangeFile[],
  liveRemovals: readonly LiveRemoval[] = [],
): { path: string; content: string | null }[] {
  if (files.length === 0 && liveRemovals.length === 0) {
    throw new InputError(
      'files is empty; a change writes at least one file, or names in liveRemovals the live objects Git never held that it deletes',
    );
  }
  const seen = new Set<string>();
  return files.map((file, index) => {
    const path = resolveChangeFilePath(
      subpath,
      file.path,
      `files[${index}].path`,
    );
    if (seen.has(path)) {
      throw new InputError(
        `files[${index}].path "${file.path}" appears twice; give each file once`,
      );
    }
    seen.add(path);
    return { path, content: file.content };
  });
}
