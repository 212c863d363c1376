import {
  buildGuardManifests,
  guardManifestsToYaml,
  guardUsernameProblem,
} from '@netseal/backstage-plugin-netseal-common';
import { CliIo } from '../CliIo';
import { ExitCode } from '../exitCodes';

const EXAMPLE_USER = 'system:serviceaccount:netseal:rollout';

/**
 * `netseal guard --rollout-user USER [--delete-exception USER]...`: prints the admission
 * guard's objects as YAML for `kubectl apply -f -`. The usernames are checked here, under
 * the flags' names, so that the user is told which flag to fix.
 */
export function guardCommand(
  options: { rolloutUser?: string; deleteException?: string[] },
  io: CliIo,
): ExitCode {
  const { rolloutUser, deleteException: deleteExceptions = [] } = options;
  const problems: string[] = [];
  if (rolloutUser === undefined) {
    problems.push(
      `--rollout-user is required: give the Kubernetes username Netseal's rollout identity authenticates as ("kubectl auth whoami" with its credential prints it), e.g. --rollout-user ${EXAMPLE_USER}`,
    );
  } else {
    const problem = guardUsernameProblem(rolloutUser);
    if (problem) {
      problems.push(`--rollout-user ${problem}`);
    }
  }
  for (const user of deleteExceptions) {
    const problem = guardUsernameProblem(user);
    if (problem) {
      problems.push(`--delete-exception ${problem}`);
    }
  }
  if (rolloutUser === undefined || problems.length > 0) {
    for (const problem of problems) {
      io.stderr.write(`netseal: ${problem}\n`);
    }
    io.stderr.write("(run 'netseal guard --help' for usage)\n");
    return ExitCode.badInput;
  }

  const manifests = buildGuardManifests({
    rolloutUser,
    deleteExceptions,
  });
  io.stdout.write(guardManifestsToYaml(manifests));
  return ExitCode.ok;
}
