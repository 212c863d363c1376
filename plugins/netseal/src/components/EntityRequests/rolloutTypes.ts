import type { ReplacementRequestDetail } from '@netseal/backstage-plugin-netseal-common';

/** A merged request's rollout, as `GET /requests/{id}` shows it. */
export type Rollout = NonNullable<ReplacementRequestDetail['rollout']>;
/** One cluster of a rollout: the identity it ran as and its steps. */
export type RolloutCluster = Rollout['clusters'][number];
/** One step of a rollout in one cluster, as it ran. */
export type RolloutStepView = RolloutCluster['steps'][number];
/** Any status a rollout, one of its clusters or one of its steps can have. */
export type RolloutStatus =
  | Rollout['status']
  | RolloutCluster['status']
  | RolloutStepView['status'];
