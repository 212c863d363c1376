import type { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';
import { netsealRequestCreatePermission } from '@netseal/backstage-plugin-netseal-common';
import type { z as zod } from 'zod/v3';
import { toRequestPreviewJson } from '../http/json';
import type { NetsealActionServices } from './NetsealActionServices';
import { requestChangesSchema } from './requestChangeSchema';

const inputSchema = (z: typeof zod) =>
  z.object({
    entityRef: z
      .string()
      .max(255)
      .describe('The catalog entity, such as component:default/payments'),
    changes: requestChangesSchema(z),
  });

const outputSchema = (z: typeof zod) =>
  z.object({
    ok: z
      .boolean()
      .describe('False when the changes cannot be filed; problems says why'),
    problems: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional(),
    providerId: z.string().optional(),
    changes: z
      .array(
        z.object({
          op: z.enum(['replace', 'add', 'remove']),
          cluster: z.string(),
          namespace: z.string(),
          name: z.string(),
          file: z.string(),
          oldSeal: z.string().optional(),
          newSeal: z.string().optional(),
          diff: z
            .array(z.string())
            .describe(
              "The policy file's lines, led by '-' (old), '+' (new) or ' ' (both), as the pull request shows them",
            ),
          selectsService: z.boolean(),
          summary: z
            .array(z.string())
            .describe('What the new policy allows, in sentences'),
        }),
      )
      .optional(),
    accessChanges: z
      .array(
        z.object({
          cluster: z.string(),
          openedFlows: z.number(),
          closedFlows: z.number(),
          unavailable: z.string().optional(),
          changes: z.array(
            z.object({
              change: z.enum(['opened', 'closed']),
              protocol: z.string(),
              port: z.union([z.number(), z.string()]),
              flows: z.number(),
              text: z.string(),
              mayBeOverriddenBy: z.array(z.string()).optional(),
            }),
          ),
        }),
      )
      .optional(),
  });

/**
 * `netseal:preview-change`: what filing a change would do, as `POST /requests/preview`
 * answers it (permission `netseal.request.create` on the entity). Nothing is stored or
 * sent.
 */
export function previewChangeAction(
  services: NetsealActionServices,
): ActionsRegistryActionOptions<
  ReturnType<typeof inputSchema>,
  ReturnType<typeof outputSchema>
> {
  return {
    name: 'preview-change',
    title: 'Netseal: preview a NetworkPolicy change',
    description:
      'Shows what filing a replacement request would do, without filing it: each change validated and resealed, its manifest diff, its old and new seal, and the access paths it opens and closes in each target cluster (unknown where a cluster-scoped policy may override them). Bad changes come back with ok false and every problem by field. Needs the permission netseal.request.create on the entity.',
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: { input: inputSchema, output: outputSchema },
    action: async ({ input, credentials }) => {
      const { entityRef, entity } = await services.authorization.entityFor(
        credentials,
        input.entityRef,
        netsealRequestCreatePermission,
        'request changes to the network policies of',
      );
      const preview = toRequestPreviewJson(
        await services.requests.preview({
          entity,
          entityRef,
          changes: input.changes,
        }),
      );
      if (!preview.ok) {
        return { output: { ok: false, problems: preview.problems } };
      }
      return {
        output: {
          ok: true,
          providerId: preview.providerId,
          // The texts are in the diff already; an agent reads one, not three.
          changes: (preview.changes ?? []).map(
            ({ oldText: _old, newText: _new, ...change }) => change,
          ),
          accessChanges: preview.accessChanges,
        },
      };
    },
  };
}
