import {
  PolicyToSeal,
  sealFileText,
} from '@netseal/backstage-plugin-netseal-common';
import { assessPolicy } from '../manifests/assessPolicy';
import { sealingProblems } from '../manifests/sealingProblems';
import { LoadedManifestFile } from '../manifests/visitManifests';
import { Problem } from '../report/Problem';

/** A file with seals or labels to write, and the text it will have once they are written. */
export interface FileToSeal {
  display: string;
  absolute: string;
  /** Absent with --check, or when the seals could not be written cleanly. */
  text?: string;
  /** Policies that get their first seal. */
  missing: number;
  /** Policies whose recorded seal is replaced. */
  stale: number;
  /** Policies that get the sealed label, or have it corrected. */
  labelled: number;
}

/** What `netseal seal` will do to one file; plain data, so a worker thread can hand it over. */
export interface PlannedFileSeals {
  policies: number;
  problems: Problem[];
  /** Present when some policy of the file needs a seal or a label. */
  toSeal?: FileToSeal;
  unchanged: number;
  invalid: number;
}

/**
 * Assesses every policy of one parsed file and, unless `check`, makes the file's new text
 * with the seals and sealed labels written in, while its syntax tree is at hand; the text
 * is written only once every file has been read.
 */
export function planFileSeals(
  loaded: LoadedManifestFile,
  options: { check: boolean },
): PlannedFileSeals {
  const planned: PlannedFileSeals = {
    policies: loaded.policies.length,
    problems: [],
    unchanged: 0,
    invalid: 0,
  };
  const policies: PolicyToSeal[] = [];
  const file: FileToSeal = {
    display: loaded.file.display,
    absolute: loaded.absolute,
    missing: 0,
    stale: 0,
    labelled: 0,
  };
  for (const site of loaded.policies) {
    const assessment = assessPolicy(site, { sealedManifest: true });
    if (!assessment.valid) {
      planned.problems.push(...assessment.problems);
      planned.invalid += 1;
      continue;
    }
    const { check, sealedLabel } = assessment;
    if (check.state === 'sealed' && !sealedLabel) {
      planned.unchanged += 1;
      continue;
    }
    if (check.state !== 'sealed') {
      file[check.state] += 1;
    }
    if (sealedLabel) {
      file.labelled += 1;
    }
    policies.push({
      site,
      seal: check.state === 'sealed' ? undefined : check.expected,
      sealedLabel: sealedLabel !== undefined,
    });
    if (options.check) {
      planned.problems.push(...sealingProblems(assessment));
    }
  }
  if (policies.length > 0) {
    file.text = options.check ? undefined : sealFileText(loaded.file, policies);
    planned.toSeal = file;
  }
  return planned;
}
