import { planFileSeals, PlannedFileSeals } from '../commands/planFileSeals';
import { verifyFile, VerifiedFile } from '../commands/verifyFile';
import { loadManifestFile } from '../manifests/loadManifestFile';
import { ManifestFileRef } from '../manifests/ManifestFileRef';
import { FileVisit, LoadedManifestFile } from '../manifests/visitManifests';

/** The work a command does on each file, its options and what it gives back: plain data both ways. */
export interface FileJobs {
  verify: { options: { allowEmpty: boolean }; outcome: VerifiedFile };
  seal: { options: { check: boolean }; outcome: PlannedFileSeals };
}

export type FileJobName = keyof FileJobs;

/** One file's visit, and the job's outcome when the file could be read. */
export interface ProcessedFile<T> extends FileVisit {
  outcome?: T;
}

const jobs: {
  [N in FileJobName]: (
    loaded: LoadedManifestFile,
    options: FileJobs[N]['options'],
  ) => FileJobs[N]['outcome'];
} = { verify: verifyFile, seal: planFileSeals };

/** Whether the job will want offsets in most files: writing seals plans edits in every file it seals. */
const wantsSourceTrees: {
  [N in FileJobName]: (options: FileJobs[N]['options']) => boolean;
} = { verify: () => false, seal: options => !options.check };

/** Reads, parses and processes one file; the syntax tree dies with the call. */
export async function processOneFile<N extends FileJobName>(
  ref: ManifestFileRef,
  name: N,
  options: FileJobs[N]['options'],
): Promise<ProcessedFile<FileJobs[N]['outcome']>> {
  const wantsTrees: (options: FileJobs[N]['options']) => boolean =
    wantsSourceTrees[name];
  const result = await loadManifestFile(ref, {
    sourceTrees: wantsTrees(options),
  });
  if ('problems' in result) {
    return { problems: result.problems, policyCount: 0 };
  }
  const job: (
    loaded: LoadedManifestFile,
    options: FileJobs[N]['options'],
  ) => FileJobs[N]['outcome'] = jobs[name];
  return {
    problems: [],
    policyCount: result.loaded.policies.length,
    outcome: job(result.loaded, options),
  };
}
