import {
  ConnectionVerdict,
  describeConnectionVerdict,
  DirectionVerdict,
  NetworkPolicyProtocol,
} from '@netseal/backstage-plugin-netseal-common';
import { ProbeLine } from './parseProbeLines';

/** One line of `netseal reach` output: the probe as written and the model's verdict. @public */
export interface VerdictLine {
  from: string;
  to: string;
  /** The port number; a port name is resolved on the destination pod. */
  port: number;
  /** The port's name on the destination pod, when it declares one. */
  portName?: string;
  protocol: NetworkPolicyProtocol;
  /** What the NetworkPolicies decide. */
  allowed: boolean;
  /**
   * `allowed` or `denied` as the NetworkPolicies decide, or `unknown` when a cluster-scoped
   * policy may override them; read this, not `allowed`, before trusting the answer.
   */
  verdict: ConnectionVerdict['verdict'];
  /** The cluster-scoped policies (or kinds) that make the verdict unknown. */
  mayBeOverriddenBy?: string[];
  /** What the source's egress side decided, and which policies did. */
  egress: DirectionVerdict;
  /** What the destination's ingress side decided, and which policies did. */
  ingress: DirectionVerdict;
  /** The verdict in words, as `describeConnectionVerdict` puts it. */
  reason: string;
}

export function verdictLine(
  probe: ProbeLine,
  verdict: ConnectionVerdict,
): VerdictLine {
  return {
    from: probe.from,
    to: probe.to,
    port: verdict.port,
    ...(verdict.portName ? { portName: verdict.portName } : {}),
    protocol: verdict.protocol,
    allowed: verdict.allowed,
    verdict: verdict.verdict,
    ...(verdict.mayBeOverriddenBy
      ? { mayBeOverriddenBy: verdict.mayBeOverriddenBy }
      : {}),
    egress: verdict.egress,
    ingress: verdict.ingress,
    reason: describeConnectionVerdict(verdict),
  };
}
