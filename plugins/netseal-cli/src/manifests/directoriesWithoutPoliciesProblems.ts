import { CliIo } from '../CliIo';
import { Problem } from '../report/Problem';
import { MANIFEST_EXTENSIONS } from './limits';
import { VisitedManifests } from './visitManifests';

/**
 * A directory argument without a single NetworkPolicy is most often a wrong path in a
 * pipeline, which must not pass as "all sealed". It is a problem unless `--allow-empty`
 * says an empty directory is expected; then it is only a warning.
 */
export function directoriesWithoutPoliciesProblems(
  visited: VisitedManifests,
  allowEmpty: boolean,
  io: CliIo,
): Problem[] {
  const searched = MANIFEST_EXTENSIONS.map(extension => `*${extension}`).join(
    ', ',
  );
  if (allowEmpty) {
    for (const directory of visited.directoriesWithoutPolicies) {
      io.stderr.write(
        `netseal: warning: ${directory}: no NetworkPolicy manifests found (searched ${searched})\n`,
      );
    }
    return [];
  }
  return visited.directoriesWithoutPolicies.map(directory => ({
    file: directory,
    path: '',
    message: `no NetworkPolicy manifests found (searched ${searched}); check the path, or pass --allow-empty if the directory is meant to hold none`,
    code: 'no-policies',
  }));
}
