import type { z as zod } from 'zod/v3';

/** A request's changes, as `POST /requests` takes them (openapi.yaml, RequestChange). */
export const requestChangesSchema = (z: typeof zod) =>
  z
    .array(
      z.object({
        op: z
          .enum(['replace', 'add', 'remove'])
          .describe(
            'replace or remove a sealed policy, remove a live-only one (unsealed, in no policy source), or add a new one',
          ),
        cluster: z
          .string()
          .max(255)
          .describe('The target cluster: a folder of the policy source'),
        namespace: z.string().max(255),
        name: z.string().max(512),
        manifest: z
          .string()
          .optional()
          .describe(
            "The policy's YAML, for replace and add; Netseal labels and seals it",
          ),
        acknowledgeNonIsolation: z
          .boolean()
          .optional()
          .describe(
            'For remove: confirms that the removal leaves pods it isolated open to all traffic in a direction',
          ),
      }),
    )
    .min(1)
    .max(64);
