import {
  findNetworkPolicies,
  parseManifestText,
} from '@netseal/backstage-plugin-netseal-common';
import { Problem } from '../report/Problem';
import { ManifestFileRef } from './ManifestFileRef';
import { readManifestFile } from './readManifestFile';
import { LoadedManifestFile } from './visitManifests';

/**
 * A file read, parsed and searched for NetworkPolicies, or why it could not be read. With
 * `sourceTrees`, the offsets are read at once rather than on first use, in the same pass.
 */
export async function loadManifestFile(
  ref: ManifestFileRef,
  options: { sourceTrees?: boolean } = {},
): Promise<{ loaded: LoadedManifestFile } | { problems: Problem[] }> {
  const read = await readManifestFile(ref);
  if ('problem' in read) {
    return { problems: [read.problem] };
  }
  const parsed = parseManifestText(ref, read.text, options);
  if ('problems' in parsed) {
    return { problems: parsed.problems };
  }
  const { policies, others } = findNetworkPolicies(parsed.file);
  return {
    loaded: {
      file: parsed.file,
      absolute: ref.absolute,
      policies,
      others,
      namedOnCommandLine: ref.directoryArgument === undefined,
    },
  };
}
