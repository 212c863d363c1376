import type { NetworkPolicyProtocol } from '../types';
import { IpFamily, IpRange, parseAddressOrCidr } from './ipAddress';
import { ReachabilityInputError } from './ReachabilityInputError';
import type { ReachabilityModel } from './ReachabilityModel';
import type { AccessMatrixOptions, ExternalEndpoint } from './types';

export interface ResolvedExternalEndpoint {
  readonly endpoint: ExternalEndpoint;
  readonly range: IpRange;
}

export interface ResolvedAccessOptions {
  readonly port: number | string;
  readonly protocol: NetworkPolicyProtocol;
  readonly ipFamily: IpFamily;
  readonly externalEndpoints: readonly ResolvedExternalEndpoint[];
}

const PORT_NAME = /^(?=.*[a-z])(?!.*--)[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/;

/** Checks matrix and diff options and fills in their defaults. */
export function resolveAccessOptions(
  model: ReachabilityModel,
  options: AccessMatrixOptions,
): ResolvedAccessOptions {
  const { port } = options;
  if (
    typeof port === 'string'
      ? !PORT_NAME.test(port)
      : !Number.isInteger(port) || port < 1 || port > 65535
  ) {
    throw new ReachabilityInputError(
      `port must be a number between 1 and 65535 or a port name such as "http" (got ${JSON.stringify(
        port,
      )})`,
    );
  }
  const protocol = options.protocol ?? 'TCP';
  if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') {
    throw new ReachabilityInputError(
      `protocol must be TCP, UDP or SCTP (got ${JSON.stringify(
        options.protocol,
      )})`,
    );
  }
  const ipFamily =
    options.ipFamily ?? model.cluster.firstAddressFamily ?? 'IPv4';
  if (ipFamily !== 'IPv4' && ipFamily !== 'IPv6') {
    throw new ReachabilityInputError(
      `ipFamily must be IPv4 or IPv6 (got ${JSON.stringify(ipFamily)})`,
    );
  }
  const names = new Set<string>();
  const externalEndpoints = (options.externalEndpoints ?? []).map(
    (endpoint, i) => {
      const path = `externalEndpoints[${i}]`;
      if (typeof endpoint?.name !== 'string' || endpoint.name === '') {
        throw new ReachabilityInputError(
          `${path}.name must be a non-empty string`,
        );
      }
      if (names.has(endpoint.name)) {
        throw new ReachabilityInputError(
          `${path}.name "${endpoint.name}" is used twice; names must be unique`,
        );
      }
      names.add(endpoint.name);
      const range =
        typeof endpoint.cidr === 'string'
          ? parseAddressOrCidr(endpoint.cidr)
          : undefined;
      if (!range) {
        throw new ReachabilityInputError(
          `${path}.cidr must be an address or a CIDR such as 0.0.0.0/0 (got ${JSON.stringify(
            endpoint.cidr,
          )})`,
        );
      }
      return { endpoint: { name: endpoint.name, cidr: endpoint.cidr }, range };
    },
  );
  return { port, protocol, ipFamily, externalEndpoints };
}
