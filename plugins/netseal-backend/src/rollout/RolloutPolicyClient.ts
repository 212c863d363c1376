import * as k8s from '@kubernetes/client-node';
import {
  NetworkPolicy,
  sealedFieldsOf,
} from '@netseal/backstage-plugin-netseal-common';
import type { JsonObject } from '../clusters/liveObjects';
import { requestRaw } from '../clusters/requestRaw';

/**
 * The three NetworkPolicy calls a rollout makes, through client-node's NetworkingV1Api
 * with the rollout identity. Bodies go out and come back as the API server's own JSON,
 * because a digest computed on client-node's models would miss renamed or unknown fields.
 */
export class RolloutPolicyClient {
  private sent = 0;

  constructor(
    private readonly kubeConfig: k8s.KubeConfig,
    private readonly requestTimeoutMs: number,
  ) {}

  /** How many HTTP requests this client has sent. */
  get requestCount(): number {
    return this.sent;
  }

  create(namespace: string, policy: NetworkPolicy): Promise<JsonObject> {
    return requestRaw(
      this.kubeConfig,
      configuration =>
        new k8s.NetworkingV1Api(configuration).createNamespacedNetworkPolicy({
          namespace,
          body: { metadata: { name: policy.metadata.name } },
        }),
      // Only what a sealed manifest may carry: a finalizer or an owner reference that
      // slipped into Git would change how the object lives in the cluster.
      this.options(JSON.stringify(sealedFieldsOf(policy))),
    );
  }

  read(namespace: string, name: string): Promise<JsonObject> {
    return requestRaw(
      this.kubeConfig,
      configuration =>
        new k8s.NetworkingV1Api(configuration).readNamespacedNetworkPolicy({
          namespace,
          name,
        }),
      this.options(),
    );
  }

  async delete(namespace: string, name: string): Promise<void> {
    await requestRaw(
      this.kubeConfig,
      configuration =>
        new k8s.NetworkingV1Api(configuration).deleteNamespacedNetworkPolicy({
          namespace,
          name,
        }),
      this.options(),
    );
  }

  private options(body?: string) {
    return {
      // A rollout is never cancelled half-way by its caller: a stop is a crash, and the
      // next run resumes.
      signal: new AbortController().signal,
      timeoutMs: this.requestTimeoutMs,
      onRequest: () => {
        this.sent += 1;
      },
      body,
    };
  }
}
