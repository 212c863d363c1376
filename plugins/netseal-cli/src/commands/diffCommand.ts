import {
  AnalysedPort,
  analyseChange,
  IpFamily,
  ipBlockEndpoints,
  NetworkPolicyProtocol,
  portsToAnalyse,
  ReachabilityInputError,
} from '@netseal/backstage-plugin-netseal-common';
import { CliIo } from '../CliIo';
import { ExitCode } from '../exitCodes';
import { combinePolicySets } from '../reachability/combinePolicySets';
import { readClusterSnapshot } from '../reachability/readClusterSnapshot';
import { readPolicySet } from '../reachability/readPolicySet';
import {
  renderDiffJson,
  renderDiffText,
} from '../reachability/renderDiffReport';
import { exitCodeFor } from '../report/exitCodeFor';
import { formatProblem } from '../report/formatProblem';
import { sortProblems } from '../report/sortProblems';

/** @public */
export interface DiffOptions {
  /** Print the report as one JSON object. */
  json?: boolean;
  /** Analyse only these ports: `5432`, `http`, `53/UDP`. */
  port?: string[];
  /** The protocol of --port values without one; without --port, analyse only this protocol. */
  protocol?: string;
}

function asProtocol(text: string): NetworkPolicyProtocol | undefined {
  const upper = text.toUpperCase();
  return upper === 'TCP' || upper === 'UDP' || upper === 'SCTP'
    ? upper
    : undefined;
}

/** `5432`, `http`, `53/UDP` → the port to analyse, or what is wrong with it. */
function parsePortOption(
  spec: string,
  protocol: NetworkPolicyProtocol,
): AnalysedPort | string {
  const match = /^([^/]+)(?:\/(.*))?$/.exec(spec);
  if (!match) {
    return 'must be a port number or name, optionally with /TCP, /UDP or /SCTP, such as 5432, http or 53/UDP';
  }
  const ownProtocol = match[2] === undefined ? protocol : asProtocol(match[2]);
  if (!ownProtocol) {
    return `the protocol must be TCP, UDP or SCTP (got ${JSON.stringify(
      match[2],
    )})`;
  }
  const port = /^\d+$/.test(match[1]) ? Number(match[1]) : match[1];
  if (typeof port === 'number' && (port < 1 || port > 65535)) {
    return 'a port number must be between 1 and 65535';
  }
  return { protocol: ownProtocol, port, otherPorts: false };
}

/**
 * `netseal diff SNAPSHOT OLD NEW`: which access paths a change of NetworkPolicies from
 * OLD to NEW opens and closes in the cluster of the snapshot, port by port, grouped as the
 * reachability model groups them. Invalid manifests are reported as `netseal verify`
 * reports them, and then there is no diff: it would be a diff of something else.
 */
export async function diffCommand(
  snapshotArg: string,
  oldArg: string,
  newArg: string,
  options: DiffOptions,
  io: CliIo,
): Promise<ExitCode> {
  const usage = (message: string) => {
    io.stderr.write(`netseal: ${message}\n`);
    return ExitCode.badInput;
  };
  const protocol =
    options.protocol === undefined ? undefined : asProtocol(options.protocol);
  if (options.protocol !== undefined && !protocol) {
    return usage(`--protocol ${options.protocol}: must be TCP, UDP or SCTP`);
  }
  const chosenPorts: AnalysedPort[] = [];
  for (const spec of options.port ?? []) {
    const parsed = parsePortOption(spec, protocol ?? 'TCP');
    if (typeof parsed === 'string') {
      return usage(`--port ${spec}: ${parsed}`);
    }
    if (
      !chosenPorts.some(
        port => port.port === parsed.port && port.protocol === parsed.protocol,
      )
    ) {
      chosenPorts.push(parsed);
    }
  }

  const loaded = await readClusterSnapshot(snapshotArg, io);
  const old = await readPolicySet(oldArg, io.cwd);
  const next = await readPolicySet(newArg, io.cwd);
  const problems = [
    ...('problems' in loaded ? loaded.problems : []),
    ...old.problems,
    ...next.problems,
  ];
  if ('problems' in loaded || problems.length > 0) {
    for (const problem of sortProblems(problems)) {
      io.stderr.write(`${formatProblem(problem)}\n`);
    }
    io.stderr.write(
      'netseal: no diff: fix the problems above and run netseal diff again\n',
    );
    return exitCodeFor(problems);
  }

  const sets = combinePolicySets(
    loaded.snapshot.policies,
    old.policies,
    next.policies,
  );
  // ipBlocks match pod addresses of one family; the model's own default is the family of
  // the snapshot's first pod address, and the endpoints below must be of the same family.
  const firstAddress = loaded.snapshot.pods.flatMap(pod => pod.ips ?? [])[0];
  const ipFamily: IpFamily = firstAddress?.includes(':') ? 'IPv6' : 'IPv4';
  const everyPolicy = [...sets.before, ...sets.after];
  const externalEndpoints = ipBlockEndpoints(everyPolicy, ipFamily);
  const ports =
    chosenPorts.length > 0
      ? chosenPorts
      : portsToAnalyse(everyPolicy, loaded.snapshot.pods).filter(
          port => !protocol || port.protocol === protocol,
        );

  let analyses;
  try {
    analyses = analyseChange(loaded.model, sets.before, sets.after, ports, {
      ipFamily,
      externalEndpoints,
    });
  } catch (error) {
    if (error instanceof ReachabilityInputError) {
      return usage(error.message);
    }
    throw error;
  }

  if (options.json) {
    io.stdout.write(
      `${JSON.stringify(
        renderDiffJson(sets, analyses, externalEndpoints),
        null,
        2,
      )}\n`,
    );
  } else {
    io.stdout.write(
      renderDiffText(
        { snapshot: loaded.display, old: oldArg, new: newArg },
        sets,
        analyses,
        externalEndpoints,
      ),
    );
  }
  return ExitCode.ok;
}
