import fs from 'node:fs';
import path from 'node:path';

/** The top-level folders of this machine's root, read once: where an absolute path starts. */
let rootFolders: ReadonlySet<string> | undefined;

function isRootFolder(name: string): boolean {
  if (!rootFolders) {
    try {
      rootFolders = new Set(
        fs
          .readdirSync('/', { withFileTypes: true })
          .filter(entry => entry.isDirectory() || entry.isSymbolicLink())
          .map(entry => entry.name),
      );
    } catch {
      rootFolders = new Set();
    }
  }
  return rootFolders.has(name);
}

/** `…/payments`: the last segment stays, so a person still knows which repository. */
function shortened(fullPath: string): string {
  const base = path.posix.basename(fullPath.replace(/\/+$/, ''));
  return base ? `…/${base}` : '…';
}

const FILE_URL = /file:\/\/[^\s"'<>()]*/g;
// An absolute POSIX path after a start, a space, a quote, a bracket, "=" or ":".
const POSIX_PATH = /(^|[\s"'([=:,])(\/[^\s"'()[\]<>,;]+)/g;
const WINDOWS_PATH = /\b[A-Za-z]:\\[^\s"'<>|]+/g;

/**
 * The message with every filesystem path of this machine cut to its last segment:
 * `file:` URLs (a local policy source, a local Git change's URL), absolute paths that
 * start in a folder of this machine's root (`/srv/repos/policies`), and Windows paths.
 * API paths such as `/api/netseal/requests/1` start in no such folder and stay.
 */
export function hideFilesystemPaths(message: string): string {
  return message
    .replace(FILE_URL, url => {
      const [location, query] = url.split('?', 2);
      const rest = location.replace(/^file:\/\/[^/]*/, '');
      return `file:${shortened(rest)}${query !== undefined ? `?${query}` : ''}`;
    })
    .replace(POSIX_PATH, (match, before: string, found: string) => {
      const [first] = found.slice(1).split('/');
      return first && isRootFolder(first)
        ? `${before}${shortened(found)}`
        : match;
    })
    .replace(WINDOWS_PATH, found => shortened(found.replace(/\\/g, '/')));
}
