import { JsonObject, KubeObject, isJsonObject } from '../api/types';

function defaultPorts(rules: unknown) {
  if (!Array.isArray(rules)) return;
  for (const rule of rules) {
    if (!isJsonObject(rule) || !Array.isArray(rule.ports)) continue;
    for (const port of rule.ports) {
      if (isJsonObject(port) && port.protocol === undefined) {
        port.protocol = 'TCP';
      }
    }
  }
}

/**
 * pkg/apis/networking/v1/defaults.go: SetDefaults_NetworkPolicyPort gives each port
 * `protocol: TCP`, and SetDefaults_NetworkPolicy infers policyTypes when none are given:
 * always Ingress, plus Egress when `len(spec.Egress) != 0`.
 */
export function defaultNetworkPolicy(policy: KubeObject): void {
  const spec = policy.spec as JsonObject | undefined;
  if (!isJsonObject(spec)) return;
  defaultPorts(spec.ingress);
  defaultPorts(spec.egress);
  const policyTypes = Array.isArray(spec.policyTypes) ? spec.policyTypes : [];
  if (policyTypes.length === 0) {
    const inferred = ['Ingress'];
    if (Array.isArray(spec.egress) && spec.egress.length !== 0) {
      inferred.push('Egress');
    }
    spec.policyTypes = inferred;
  }
}
