import type { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';
import { NotAllowedError } from '@backstage/errors';
import { netsealRequestCreatePermission } from '@netseal/backstage-plugin-netseal-common';
import type { z as zod } from 'zod/v3';
import { toRequestJson } from '../http/json';
import type { NetsealActionServices } from './NetsealActionServices';
import { requestChangesSchema } from './requestChangeSchema';

const inputSchema = (z: typeof zod) =>
  z.object({
    entityRef: z
      .string()
      .max(255)
      .describe('The catalog entity, such as component:default/payments'),
    reason: z
      .string()
      .min(1)
      .max(4000)
      .describe('Why the policies should change; reviewers read it'),
    changes: requestChangesSchema(z),
    idempotencyKey: z
      .string()
      .min(1)
      .max(255)
      .describe(
        'A key of your choosing; calling again with the same key returns the same request instead of filing a second one',
      ),
  });

const outputSchema = (z: typeof zod) =>
  z.object({
    id: z.string(),
    entityRef: z.string(),
    state: z.string().describe('open once its pull request is open'),
    url: z.string().optional().describe('The pull request, on the Git host'),
    created: z
      .boolean()
      .describe('False when the idempotency key named an earlier request'),
    changes: z.array(
      z.object({
        op: z.enum(['replace', 'add', 'remove']),
        cluster: z.string(),
        namespace: z.string(),
        name: z.string(),
        file: z.string(),
        oldSeal: z.string().optional(),
        newSeal: z.string().optional(),
      }),
    ),
  });

/**
 * `netseal:create-request`: files a replacement request in the caller's name, as
 * `POST /requests` with an `Idempotency-Key` does (permission `netseal.request.create` on
 * the entity). It opens a pull request and changes nothing in a cluster: approving,
 * merging and rolling out need people, so they are never actions.
 */
export function createRequestAction(
  services: NetsealActionServices,
): ActionsRegistryActionOptions<
  ReturnType<typeof inputSchema>,
  ReturnType<typeof outputSchema>
> {
  return {
    name: 'create-request',
    title: 'Netseal: request a NetworkPolicy change',
    description:
      "Files a replacement request for a catalog entity's sealed NetworkPolicies in the caller's name: Netseal validates and reseals the changes and opens a pull request on the policy source's Git host, for a person other than the requester to review. Nothing changes in a cluster until the request is approved, merged and rolled out, which this action never does. Call netseal:preview-change first to see what the change opens and closes. The same idempotencyKey returns the same request. Needs the permission netseal.request.create on the entity, and a user's credentials.",
    // Files a request and opens a pull request: it writes, but removes nothing, and a
    // repeated call with the same key returns the first request.
    attributes: { readOnly: false, destructive: false, idempotent: true },
    schema: { input: inputSchema, output: outputSchema },
    action: async ({ input, credentials }) => {
      if (!services.auth.isPrincipal(credentials, 'user')) {
        throw new NotAllowedError(
          "netseal:create-request files a request in a person's name, and the four-eyes rule needs to know who; call it with a user's credentials, not a service's",
        );
      }
      const { entityRef, entity } = await services.authorization.entityFor(
        credentials,
        input.entityRef,
        netsealRequestCreatePermission,
        'request changes to the network policies of',
      );
      const { request, created } = await services.requests.create({
        entity,
        entityRef,
        reason: input.reason,
        changes: input.changes,
        idempotencyKey: input.idempotencyKey,
        actor: {
          userEntityRef: credentials.principal.userEntityRef,
          login: await services.authorization.gitHostLoginOf(credentials),
          credentials,
        },
      });
      const json = toRequestJson(request);
      return {
        output: {
          id: json.id,
          entityRef: json.entityRef,
          state: json.state,
          ...('url' in json && json.url ? { url: json.url } : {}),
          created,
          changes: json.changes,
        },
      };
    },
  };
}
