import { netsealPolicyReadPermission } from '@netseal/backstage-plugin-netseal-common';
import type { Authorization } from '../authorization';
import { toAttestationJson } from '../json';
import type { NetsealRouter } from '../NetsealRouter';
import type { RouterOptions } from '../router';

/** Signed attestations of completed rollouts and restores. */
export function addAttestationRoutes(
  router: NetsealRouter,
  options: {
    authorization: Authorization;
    attestations: RouterOptions['attestations'];
  },
) {
  const { authorization, attestations } = options;

  router.get('/attestations/:id', async (req, res) => {
    const credentials = await authorization.user(req);
    const attestation = await attestations.get(req.params.id);
    await authorization.require(
      credentials,
      netsealPolicyReadPermission,
      'read the attestations of',
      attestation.entityRef,
    );
    res.json(toAttestationJson(attestation));
  });
}
