import type { ServicePods } from '@netseal/backstage-plugin-netseal-common';

/** A catalog entity whose sealed policies Netseal tracks. */
export interface TrackedEntity {
  entityRef: string;
  /** Absolute URL of the entity's policy source. */
  policySourceUrl: string;
  /** The entity's pods, from its Kubernetes annotations; absent when it names none. */
  servicePods?: ServicePods;
}
