import type { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';
import {
  countByStatus,
  netsealPolicyReadPermission,
  worstStatus,
} from '@netseal/backstage-plugin-netseal-common';
import type { z as zod } from 'zod/v3';
import type { NetsealActionServices } from './NetsealActionServices';

const inputSchema = (z: typeof zod) =>
  z.object({
    entityRef: z
      .string()
      .max(255)
      .describe('The catalog entity, such as component:default/payments'),
  });

const outputSchema = (z: typeof zod) => {
  const status = z.enum([
    'unknown',
    'missing',
    'drifted',
    'unsealed',
    'pending',
    'in-sync',
  ]);
  return z.object({
    entityRef: z.string(),
    worstStatus: status
      .optional()
      .describe(
        'The worst drift status of all its policies; absent without any',
      ),
    counts: z.record(z.number()).describe('How many policies have each status'),
    clusters: z.array(
      z.object({
        cluster: z.string(),
        worstStatus: status,
        policies: z.array(
          z.object({
            namespace: z.string(),
            name: z.string(),
            status,
            reason: z.string().optional(),
            seal: z.string().optional(),
            liveDigest: z.string().optional(),
            differences: z
              .array(z.string())
              .describe(
                'Each field where the live object differs from its seal',
              ),
            statusChangedAt: z.string(),
          }),
        ),
      }),
    ),
    sourceError: z
      .string()
      .optional()
      .describe('Why the policy source could not be read at the last attempt'),
  });
};

/**
 * `netseal:get-policy-status`: an entity's sealed policies with their drift status, per
 * cluster, as `GET /entities/{kind}/{namespace}/{name}/policies` answers them
 * (permission `netseal.policy.read` on the entity).
 */
export function getPolicyStatusAction(
  services: NetsealActionServices,
): ActionsRegistryActionOptions<
  ReturnType<typeof inputSchema>,
  ReturnType<typeof outputSchema>
> {
  return {
    name: 'get-policy-status',
    title: 'Netseal: policy status of an entity',
    description:
      "Lists a catalog entity's sealed Kubernetes NetworkPolicies with their drift status per cluster: in-sync, pending, unsealed, drifted, missing or unknown (worst first), each drifted field, and the seal. Needs the permission netseal.policy.read on the entity.",
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: { input: inputSchema, output: outputSchema },
    examples: [
      {
        title: 'The policies of payments',
        input: { entityRef: 'component:default/payments' },
      },
    ],
    action: async ({ input, credentials }) => {
      const { entityRef } = await services.authorization.entityFor(
        credentials,
        input.entityRef,
        netsealPolicyReadPermission,
        'read the network policies of',
      );
      const [records, sourceError] = await Promise.all([
        services.driftStore.listEntityPolicies(entityRef),
        services.driftStore.getSourceError(entityRef),
      ]);
      const clusters = [...new Set(records.map(record => record.cluster))];
      const counts = countByStatus(records);
      return {
        output: {
          entityRef,
          ...(records.length > 0 ? { worstStatus: worstStatus(counts) } : {}),
          counts: { ...counts },
          clusters: clusters.map(cluster => {
            const policies = records.filter(
              record => record.cluster === cluster,
            );
            return {
              cluster,
              // A cluster is listed only for its policies, so it has a worst one.
              worstStatus: worstStatus(countByStatus(policies))!,
              policies: policies.map(policy => ({
                namespace: policy.namespace,
                name: policy.name,
                status: policy.status,
                ...(policy.reason ? { reason: policy.reason } : {}),
                ...(policy.seal ? { seal: policy.seal } : {}),
                ...(policy.liveDigest ? { liveDigest: policy.liveDigest } : {}),
                differences: policy.differences.map(
                  difference =>
                    `${difference.path}: sealed ${JSON.stringify(
                      difference.sealed ?? null,
                    )}, live ${JSON.stringify(difference.live ?? null)}`,
                ),
                statusChangedAt: policy.statusChangedAt,
              })),
            };
          }),
          ...(sourceError ? { sourceError: sourceError.message } : {}),
        },
      };
    },
  };
}
