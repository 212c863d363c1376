import { assessPolicy } from '../manifests/assessPolicy';
import { namedFileWithoutPoliciesProblem } from '../manifests/namedFileWithoutPoliciesProblem';
import { otherNetworkingKindProblems } from '../manifests/otherNetworkingKindProblems';
import { sealingProblems } from '../manifests/sealingProblems';
import { LoadedManifestFile } from '../manifests/visitManifests';
import { Problem } from '../report/Problem';

/** What `netseal verify` found in one file; plain data, so a worker thread can hand it over. */
export interface VerifiedFile {
  policies: number;
  problems: Problem[];
  /** Printed on standard error as `netseal: warning: …`. */
  warnings: string[];
}

/** `netseal verify`'s checks of one parsed file. */
export function verifyFile(
  loaded: LoadedManifestFile,
  options: { allowEmpty: boolean },
): VerifiedFile {
  const problems = otherNetworkingKindProblems(loaded);
  const warnings: string[] = [];
  // A file with a misspelt kind is not also called empty.
  const empty =
    problems.length > 0
      ? undefined
      : namedFileWithoutPoliciesProblem(loaded, options.allowEmpty);
  if (empty && 'problem' in empty) {
    problems.push(empty.problem);
  } else if (empty) {
    warnings.push(empty.warning);
  }
  for (const site of loaded.policies) {
    const assessment = assessPolicy(site, { sealedManifest: true });
    problems.push(
      ...(assessment.valid ? sealingProblems(assessment) : assessment.problems),
    );
  }
  return { policies: loaded.policies.length, problems, warnings };
}
