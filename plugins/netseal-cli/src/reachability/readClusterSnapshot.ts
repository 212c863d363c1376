import {
  buildReachabilityModel,
  ClusterSnapshot,
  ReachabilityInputError,
  ReachabilityModel,
  snapshotFromKubernetesList,
  parseManifestText,
} from '@netseal/backstage-plugin-netseal-common';
import { CliIo } from '../CliIo';
import { SNAPSHOT_FILE_LIMIT, SNAPSHOT_YAML_LIMIT } from '../manifests/limits';
import { readInputText } from '../manifests/readInputText';
import { tooLargeProblem } from '../manifests/readManifestFile';
import { Problem } from '../report/Problem';

/** A cluster snapshot read from the command line, compiled for reachability questions. */
export interface LoadedSnapshot {
  display: string;
  snapshot: ClusterSnapshot;
  model: ReachabilityModel;
}

/** Parses the snapshot's text: JSON as kubectl prints it, else one YAML document. */
function parseSnapshotText(
  display: string,
  text: string,
): { value: unknown } | { problems: Problem[] } {
  let jsonError: unknown;
  if (/^\s*\{/.test(text)) {
    // JSON.parse is many times faster than a YAML parser on the megabytes of a big
    // cluster. Invalid JSON falls through to the YAML parser, which says where it breaks.
    try {
      return { value: JSON.parse(text) };
    } catch (error) {
      jsonError = error;
    }
  }
  const bytes = Buffer.byteLength(text);
  if (bytes > SNAPSHOT_YAML_LIMIT.bytes) {
    return {
      problems: [
        jsonError === undefined
          ? tooLargeProblem(display, SNAPSHOT_YAML_LIMIT, bytes)
          : {
              file: display,
              path: '',
              message: `not valid JSON: ${
                jsonError instanceof Error
                  ? jsonError.message
                  : String(jsonError)
              }`,
              code: 'invalid-snapshot',
            },
      ],
    };
  }
  const parsed = parseManifestText({ display }, text);
  if ('problems' in parsed) {
    return { problems: parsed.problems };
  }
  const documents = parsed.file.documents.filter(
    document => document.value !== null && document.value !== undefined,
  );
  if (documents.length !== 1) {
    return {
      problems: [
        {
          file: display,
          path: '',
          message: `holds ${documents.length} YAML documents; a snapshot is one kind: List, as printed by kubectl get namespaces,pods,networkpolicies -A -o json`,
          code: 'invalid-snapshot',
        },
      ],
    };
  }
  return { value: documents[0].value };
}

/**
 * Reads the SNAPSHOT argument of `netseal reach` and `netseal diff`: the output of
 * `kubectl get namespaces,pods,networkpolicies -A -o json` (or `-o yaml`), or `-` for
 * standard input. Any problem means there is no snapshot: a verdict over part of a cluster
 * would be a wrong verdict.
 */
export async function readClusterSnapshot(
  arg: string,
  io: CliIo,
): Promise<LoadedSnapshot | { problems: Problem[] }> {
  const input = await readInputText(arg, io, SNAPSHOT_FILE_LIMIT);
  if ('problem' in input) {
    return { problems: [input.problem] };
  }
  const { display } = input;
  const parsed = parseSnapshotText(display, input.text);
  if ('problems' in parsed) {
    return parsed;
  }
  try {
    const snapshot = snapshotFromKubernetesList(parsed.value);
    return { display, snapshot, model: buildReachabilityModel(snapshot) };
  } catch (error) {
    if (error instanceof ReachabilityInputError) {
      return {
        problems: [
          {
            file: display,
            path: '',
            message: error.message,
            code: 'invalid-snapshot',
          },
        ],
      };
    }
    throw error;
  }
}
