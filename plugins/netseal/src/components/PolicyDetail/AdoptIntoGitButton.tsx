import { useEntity } from '@backstage/plugin-catalog-react';
import type {
  PolicyDetail,
  PolicyStatus,
  ReplacementRequest,
} from '@netseal/backstage-plugin-netseal-common';
import { RequestChangeButton } from '../RequestChange';
import { adoptionManifest } from './adoptionManifest';

/** Whether the policy is live only: selecting the entity's pods, in no policy source. */
export function isLiveOnly(policy: PolicyDetail): boolean {
  return (
    policy.status === 'unsealed' &&
    !policy.source &&
    policy.liveManifest !== undefined
  );
}

/**
 * "Adopt into Git" for a live-only policy: the request dialog, opened on a new policy
 * that is the live object's spec, which the request seals and the rollout replaces with
 * its sealed version once reviewed and merged. On the entity's page only.
 */
export function AdoptIntoGitButton(props: {
  entityRef: string;
  policies: readonly PolicyStatus[];
  policy: PolicyDetail;
  onFiled?: (request: ReplacementRequest) => void;
}) {
  const { entity } = useEntity();
  const { policy } = props;
  return (
    <RequestChangeButton
      entity={entity}
      entityRef={props.entityRef}
      policies={props.policies}
      label="Adopt into Git"
      initialDraft={{
        op: 'add',
        cluster: policy.cluster,
        manifest: adoptionManifest(policy.liveManifest, policy.cluster),
      }}
      onFiled={props.onFiled}
    />
  );
}
