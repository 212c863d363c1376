import { Problem } from '../report/Problem';
import { describeOtherDocuments } from './describeOtherDocuments';
import { LoadedManifestFile } from './visitManifests';

/**
 * A file named on the command line that holds no NetworkPolicy is a wrong path or a
 * policy that no longer reads as one; "verified 0 NetworkPolicies" must not pass in CI.
 * It is a problem unless `--allow-empty` says such a file is expected; then a warning.
 */
export function namedFileWithoutPoliciesProblem(
  loaded: LoadedManifestFile,
  allowEmpty: boolean,
): { problem: Problem } | { warning: string } | undefined {
  if (!loaded.namedOnCommandLine || loaded.policies.length > 0) {
    return undefined;
  }
  const holds = `holds no NetworkPolicy${describeOtherDocuments(
    loaded.others,
  )}`;
  if (allowEmpty) {
    return { warning: `${loaded.file.display}: ${holds}` };
  }
  return {
    problem: {
      file: loaded.file.display,
      path: '',
      message: `${holds}; name the files and directories that hold NetworkPolicies, or pass --allow-empty if this file is meant to hold none`,
      code: 'no-policies',
    },
  };
}
