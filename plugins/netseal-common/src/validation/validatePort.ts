import {
  ProblemCollector,
  childPath,
  describe,
  quote,
  notOneOf,
} from './ProblemCollector';
import { portNameProblems } from './kubernetesNames';

const PORT_FIELDS = ['protocol', 'port', 'endPort'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const PORT_RANGE = 'must be between 1 and 65535';

/** ValidateNetworkPolicyPort (pkg/apis/networking/validation). */
export function validatePort(
  value: unknown,
  path: string,
  problems: ProblemCollector,
): void {
  const port = problems.object(value, path, PORT_FIELDS);
  if (!port) {
    return;
  }
  const protocolPath = childPath(path, 'protocol');
  if (problems.present(port.protocol, protocolPath)) {
    const protocol = problems.string(port.protocol, protocolPath);
    if (protocol !== undefined && !PROTOCOLS.includes(protocol)) {
      problems.add(protocolPath, notOneOf(protocol, PROTOCOLS));
    }
  }

  const portPath = childPath(path, 'port');
  const endPortPath = childPath(path, 'endPort');
  let numericPort: number | undefined;
  let portKind: 'absent' | 'number' | 'name' | 'invalid' = 'absent';
  if (problems.present(port.port, portPath)) {
    if (typeof port.port === 'number') {
      portKind = 'number';
      numericPort = port.port;
      checkPortNumber(port.port, portPath, problems);
    } else if (typeof port.port === 'string') {
      portKind = 'name';
      checkPortName(port.port, portPath, problems);
    } else {
      portKind = 'invalid';
      problems.add(
        portPath,
        `must be a port number (1-65535) or the name of a container port, not ${describe(
          port.port,
        )}`,
      );
    }
  } else if (port.port === null) {
    portKind = 'invalid';
  }

  if (!problems.present(port.endPort, endPortPath)) {
    return;
  }
  if (typeof port.endPort !== 'number') {
    problems.add(
      endPortPath,
      `must be a port number (1-65535), not ${describe(port.endPort)}`,
    );
    return;
  }
  if (portKind === 'absent') {
    problems.add(
      endPortPath,
      'may only be given with a numeric port; add port, the first port of the range',
    );
  } else if (portKind === 'name') {
    problems.add(
      endPortPath,
      'may not be given when port is a named port; use port numbers for a range',
    );
  }
  checkPortNumber(port.endPort, endPortPath, problems);
  if (numericPort !== undefined && port.endPort < numericPort) {
    problems.add(
      endPortPath,
      `must be greater than or equal to port (${numericPort})`,
    );
  }
}

function checkPortNumber(
  value: number,
  path: string,
  problems: ProblemCollector,
): void {
  if (!Number.isInteger(value)) {
    problems.add(path, `must be a whole number, ${PORT_RANGE} (got ${value})`);
  } else if (value < 1 || value > 65535) {
    problems.add(path, `${PORT_RANGE} (got ${value})`);
  }
}

function checkPortName(
  value: string,
  path: string,
  problems: ProblemCollector,
): void {
  const nameProblems = portNameProblems(value);
  if (nameProblems.length === 0) {
    return;
  }
  // "80" in quotes is a named-port lookup that can never match, not port 80.
  const hint = /^[0-9]+$/.test(value)
    ? `; for port number ${value}, write it without quotes`
    : '';
  for (const problem of nameProblems) {
    problems.add(
      path,
      `named port ${quote(value)} ${problem} (IANA_SVC_NAME)${hint}`,
    );
  }
}
