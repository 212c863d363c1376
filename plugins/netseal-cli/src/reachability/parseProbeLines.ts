import {
  ClusterSnapshot,
  ConnectionEndpoint,
  ConnectionProbe,
  NetworkPolicyProtocol,
} from '@netseal/backstage-plugin-netseal-common';
import { Problem } from '../report/Problem';

/** One probe of a probes file, as written and as the reachability model takes it. */
export interface ProbeLine {
  /** 1-based line in the probes file. */
  line: number;
  /** `from` and `to` as written, echoed in the verdict. */
  from: string;
  to: string;
  probe: ConnectionProbe;
}

const FIELDS = ['from', 'to', 'port', 'protocol'];
const PROTOCOLS: readonly string[] = ['TCP', 'UDP', 'SCTP'];

function isProtocol(value: unknown): value is NetworkPolicyProtocol {
  return typeof value === 'string' && PROTOCOLS.includes(value);
}

/** `namespace/pod`: a DNS-1123 label, a slash, and a pod name. */
const POD_REFERENCE = /^([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\/([^/\s]+)$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value quoted for a message, cut short. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

/**
 * Reads a probes file: one JSON object per line,
 * `{"from": "ns/pod" | "ip", "to": "ns/pod" | "ip", "port": 80 | "http", "protocol": "TCP"}`
 * (`protocol` optional), blank lines skipped. Every problem names its line and field; a pod
 * the snapshot does not list is one too. What the model itself checks (an address, a port's
 * range, a port name the pod declares) is left to it.
 */
export function parseProbeLines(
  display: string,
  text: string,
  snapshot: { display: string; snapshot: ClusterSnapshot },
): { probes: ProbeLine[]; problems: Problem[] } {
  const snapshotName = snapshot.display;
  const pods = new Set(
    snapshot.snapshot.pods.map(pod => `${pod.namespace}/${pod.name}`),
  );
  const probes: ProbeLine[] = [];
  const problems: Problem[] = [];

  text.split(/\r?\n/).forEach((source, index) => {
    const line = index + 1;
    if (source.trim() === '') {
      return;
    }
    const problem = (field: string, message: string) =>
      problems.push({
        file: display,
        line,
        path: field,
        message,
        code: 'invalid-probe',
      });
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      problem(
        '',
        `not a JSON object (${
          error instanceof Error ? error.message : String(error)
        }); write one probe per line, such as {"from": "shop/web-0", "to": "data/db-0", "port": 5432}`,
      );
      return;
    }
    if (!isRecord(value)) {
      problem(
        '',
        `must be a JSON object such as {"from": "shop/web-0", "to": "data/db-0", "port": 5432}, not ${shown(
          value,
        )}`,
      );
      return;
    }
    const before = problems.length;
    for (const key of Object.keys(value)) {
      if (!FIELDS.includes(key)) {
        problem(key, `unknown field; a probe has ${FIELDS.join(', ')}`);
      }
    }
    const endpoint = (field: 'from' | 'to'): ConnectionEndpoint | undefined => {
      const written = value[field];
      if (typeof written !== 'string' || written === '') {
        problem(
          field,
          written === undefined
            ? 'missing; name a pod as "namespace/pod", or give an IP address'
            : `must be "namespace/pod" or an IP address, not ${shown(written)}`,
        );
        return undefined;
      }
      const pod = POD_REFERENCE.exec(written);
      if (pod) {
        if (!pods.has(written)) {
          problem(
            field,
            `pod ${written} is not in ${snapshotName}; name a pod it lists (pods that have finished, and host-network pods, are left out)`,
          );
          return undefined;
        }
        return { pod: { namespace: pod[1], name: pod[2] } };
      }
      if (written.includes('/')) {
        problem(
          field,
          `must be "namespace/pod" or an IP address, not ${shown(written)}`,
        );
        return undefined;
      }
      return { ip: written };
    };
    const from = endpoint('from');
    const to = endpoint('to');
    const port = value.port;
    if (typeof port !== 'number' && typeof port !== 'string') {
      problem(
        'port',
        port === undefined
          ? 'missing; give a port number such as 5432, or a port name the destination pod declares'
          : `must be a port number or a port name, not ${shown(port)}`,
      );
    }
    const protocol = value.protocol;
    if (protocol !== undefined && !isProtocol(protocol)) {
      problem('protocol', `must be TCP, UDP or SCTP, not ${shown(protocol)}`);
    }
    if (
      problems.length === before &&
      from &&
      to &&
      (typeof port === 'number' || typeof port === 'string')
    ) {
      probes.push({
        line,
        from: String(value.from),
        to: String(value.to),
        probe: {
          from,
          to,
          port,
          ...(isProtocol(protocol) ? { protocol } : {}),
        },
      });
    }
  });
  return { probes, problems };
}
