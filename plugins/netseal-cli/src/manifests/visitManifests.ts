import {
  OtherDocument,
  ParsedManifestFile,
  PolicySite,
} from '@netseal/backstage-plugin-netseal-common';
import { Problem } from '../report/Problem';
import { findManifestFiles, FoundManifestFiles } from './findManifestFiles';
import { loadManifestFile } from './loadManifestFile';

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

/** One file's part in {@link VisitedManifests}: why it could not be read, or how many policies it holds. */
export interface FileVisit {
  /** Why the file could not be read or parsed; empty when it was. */
  problems: Problem[];
  policyCount: number;
}

/**
 * The input problems of a visit and the directory arguments without any NetworkPolicy,
 * from what each file (in the order found) gave.
 */
export function summarizeVisit(
  found: FoundManifestFiles,
  visits: readonly FileVisit[],
): VisitedManifests {
  const problems = [...found.problems];
  const policyCountByDirectory = new Map(
    found.directoryArguments.map(arg => [arg, 0]),
  );
  const unreadDirectories = new Set<string>();
  found.files.forEach((ref, index) => {
    const visit = visits[index];
    problems.push(...visit.problems);
    if (ref.directoryArgument === undefined) {
      return;
    }
    if (visit.problems.length > 0) {
      unreadDirectories.add(ref.directoryArgument);
    }
    policyCountByDirectory.set(
      ref.directoryArgument,
      (policyCountByDirectory.get(ref.directoryArgument) ?? 0) +
        visit.policyCount,
    );
  });
  // A directory whose files could not all be read is already reported; "no policies"
  // would be a guess.
  const directoriesWithoutPolicies = [...policyCountByDirectory]
    .filter(([arg, count]) => count === 0 && !unreadDirectories.has(arg))
    .map(([arg]) => arg);
  return { problems, directoriesWithoutPolicies };
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
  const visits: FileVisit[] = [];
  for (const ref of found.files) {
    const result = await loadManifestFile(ref);
    if ('problems' in result) {
      visits.push({ problems: result.problems, policyCount: 0 });
      continue;
    }
    visits.push({ problems: [], policyCount: result.loaded.policies.length });
    await visit(result.loaded);
  }
  return summarizeVisit(found, visits);
}
