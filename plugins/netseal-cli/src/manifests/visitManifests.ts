import {
  findNetworkPolicies,
  OtherDocument,
  parseManifestText,
  ParsedManifestFile,
  PolicySite,
} from '@netseal/backstage-plugin-netseal-common';
import { Problem } from '../report/Problem';
import { findManifestFiles } from './findManifestFiles';
import { readManifestFile } from './readManifestFile';

/** A parsed file with the policies found in it. */
export interface LoadedManifestFile {
  file: ParsedManifestFile;
  absolute: string;
  policies: PolicySite[];
  others: OtherDocument[];
  /** Named on the command line, not found under a directory argument. */
  namedOnCommandLine: boolean;
}

/** What was found while visiting the path arguments, besides the files themselves. */
export interface VisitedManifests {
  /** Input problems: unlistable paths, unreadable, oversized or unparsable files. */
  problems: Problem[];
  /** Directory arguments under which not one NetworkPolicy was found. */
  directoriesWithoutPolicies: string[];
}

/**
 * Reads and parses the manifest files under the given paths one at a time, handing each to
 * `visit`. Only one file's syntax tree is alive at a time, which keeps a run over ten
 * thousand policies in tens of megabytes rather than a gigabyte. Never throws for bad input.
 */
export async function visitManifests(
  args: readonly string[],
  cwd: string,
  visit: (loaded: LoadedManifestFile) => void | Promise<void>,
): Promise<VisitedManifests> {
  const found = await findManifestFiles(args, cwd);
  const problems = [...found.problems];
  const policyCountByDirectory = new Map(
    found.directoryArguments.map(arg => [arg, 0]),
  );
  const unreadDirectories = new Set<string>();

  for (const ref of found.files) {
    const read = await readManifestFile(ref);
    const parsed =
      'problem' in read
        ? { problems: [read.problem] }
        : parseManifestText(ref, read.text);
    if ('problems' in parsed) {
      problems.push(...parsed.problems);
      if (ref.directoryArgument !== undefined) {
        unreadDirectories.add(ref.directoryArgument);
      }
      continue;
    }
    const { policies, others } = findNetworkPolicies(parsed.file);
    if (ref.directoryArgument !== undefined) {
      policyCountByDirectory.set(
        ref.directoryArgument,
        (policyCountByDirectory.get(ref.directoryArgument) ?? 0) +
          policies.length,
      );
    }
    await visit({
      file: parsed.file,
      absolute: ref.absolute,
      policies,
      others,
      namedOnCommandLine: ref.directoryArgument === undefined,
    });
  }

  // A directory whose files could not all be read is already reported; "no policies"
  // would be a guess.
  const directoriesWithoutPolicies = [...policyCountByDirectory]
    .filter(([arg, count]) => count === 0 && !unreadDirectories.has(arg))
    .map(([arg]) => arg);
  return { problems, directoriesWithoutPolicies };
}
