import type { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';
import { netsealPolicyReadPermission } from '@netseal/backstage-plugin-netseal-common';
import type { z as zod } from 'zod/v3';
import {
  clusterScopedOf,
  reachabilityByCluster,
} from '../reachability/reachabilityByCluster';
import { servicePodsInWords } from '../reachability/servicePodsInWords';
import { reachabilityInSentences } from './reachabilityInSentences';
import type { NetsealActionServices } from './NetsealActionServices';

const inputSchema = (z: typeof zod) =>
  z.object({
    entityRef: z
      .string()
      .max(255)
      .describe('The catalog entity, such as component:default/payments'),
  });

const outputSchema = (z: typeof zod) =>
  z.object({
    entityRef: z.string(),
    clusters: z.array(
      z.object({
        cluster: z.string(),
        pods: z.string().describe("The entity's pods, in words"),
        ingress: z
          .array(z.string())
          .describe('Who may reach the pods, one sentence each'),
        egress: z
          .array(z.string())
          .describe('Whom the pods may reach, one sentence each'),
        policies: z.array(z.string()),
      }),
    ),
  });

/**
 * `netseal:explain-access`: who may reach an entity's pods and whom they may reach, per
 * cluster, in sentences: the analysis of the portal's picture and of
 * `GET /entities/{kind}/{namespace}/{name}/reachability` (permission
 * `netseal.policy.read` on the entity).
 */
export function explainAccessAction(
  services: NetsealActionServices,
): ActionsRegistryActionOptions<
  ReturnType<typeof inputSchema>,
  ReturnType<typeof outputSchema>
> {
  return {
    name: 'explain-access',
    title: 'Netseal: explain who may reach an entity',
    description:
      "Explains, per cluster and in sentences, who may reach a catalog entity's pods and whom they may reach, as its NetworkPolicies say (those live in a connected cluster, naming any not as sealed in Git; else those sealed in Git): whether each direction is isolated, and each allowed peer with its ports and the policies that allow it. Where a cluster-scoped policy (AdminNetworkPolicy, BaselineAdminNetworkPolicy, Cilium or Calico kinds) may override them, it says so and names it. Needs the permission netseal.policy.read on the entity.",
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: { input: inputSchema, output: outputSchema },
    action: async ({ input, credentials }) => {
      const { entityRef, entity } = await services.authorization.entityFor(
        credentials,
        input.entityRef,
        netsealPolicyReadPermission,
        'read the network policies of',
      );
      // As the portal's picture: from the live policies where the cluster is connected.
      const [sealed, verdicts] = await Promise.all([
        services.driftStore.listSealedManifests(entityRef),
        services.driftStore.listEntityPolicies(entityRef),
      ]);
      const pictures = reachabilityByCluster({
        mode: 'live',
        sealed,
        pods: servicePodsInWords(entity),
        verdicts,
        liveView: services.liveView,
        clusterScopedOfCluster: clusterScopedOf(services.liveView),
      });
      return {
        output: {
          entityRef,
          clusters: pictures.map(({ cluster, reachability }) => ({
            cluster,
            pods: reachability.pods,
            ...reachabilityInSentences(reachability),
            policies: reachability.policies,
          })),
        },
      };
    },
  };
}
