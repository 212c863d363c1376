import { Problem } from '../report/Problem';
import { findManifestFiles } from './findManifestFiles';
import { findNetworkPolicies, OtherDocument } from './findNetworkPolicies';
import { parseManifestText } from './parseManifestText';
import { ParsedManifestFile } from './ParsedManifestFile';
import { PolicySite } from './PolicySite';
import { readManifestFile } from './readManifestFile';

/** A parsed file with the policies found in it. */
export interface LoadedManifestFile {
  file: ParsedManifestFile;
  absolute: string;
  policies: PolicySite[];
  others: OtherDocument[];
}

/** Everything the path arguments name, read and parsed, with what could not be. */
export interface LoadedManifests {
  files: LoadedManifestFile[];
  /** Input problems: unlistable paths, unreadable, oversized or unparsable files. */
  problems: Problem[];
  /** Directory arguments under which not one NetworkPolicy was found. */
  directoriesWithoutPolicies: string[];
  filesRead: number;
}

/** Reads and parses the manifests under the given paths. Never throws for bad input. */
export async function loadManifests(
  args: readonly string[],
  cwd: string,
): Promise<LoadedManifests> {
  const found = await findManifestFiles(args, cwd);
  const problems = [...found.problems];
  const files: LoadedManifestFile[] = [];
  const policyCountByDirectory = new Map(
    found.directoryArguments.map(arg => [arg, 0]),
  );
  const unreadDirectories = new Set<string>();

  for (const ref of found.files) {
    const read = await readManifestFile(ref);
    if ('problem' in read) {
      problems.push(read.problem);
      if (ref.directoryArgument !== undefined) {
        unreadDirectories.add(ref.directoryArgument);
      }
      continue;
    }
    const parsed = parseManifestText(ref, read.text);
    if ('problems' in parsed) {
      problems.push(...parsed.problems);
      if (ref.directoryArgument !== undefined) {
        unreadDirectories.add(ref.directoryArgument);
      }
      continue;
    }
    const { policies, others } = findNetworkPolicies(parsed.file);
    files.push({ file: parsed.file, absolute: ref.absolute, policies, others });
    if (ref.directoryArgument !== undefined) {
      policyCountByDirectory.set(
        ref.directoryArgument,
        (policyCountByDirectory.get(ref.directoryArgument) ?? 0) +
          policies.length,
      );
    }
  }

  // A directory whose files could not all be read is already reported; "no policies"
  // would be a guess.
  const directoriesWithoutPolicies = [...policyCountByDirectory]
    .filter(([arg, count]) => count === 0 && !unreadDirectories.has(arg))
    .map(([arg]) => arg);
  return {
    files,
    problems,
    directoriesWithoutPolicies,
    filesRead: found.files.length,
  };
}
