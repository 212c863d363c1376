import * as k8s from '@kubernetes/client-node';
import { RequestTimeoutError } from './describeConnectionFailure';
import { KubernetesApiError } from './KubernetesApiError';
import { JsonObject } from './liveObjects';

/** How one request is bounded and accounted for. */
export interface RawRequestOptions {
  /** Aborts the request when the live view stops. */
  signal: AbortSignal;
  timeoutMs: number;
  /** Called once per HTTP request sent. */
  onRequest(): void;
  /**
   * JSON sent as the request body instead of client-node's serialization, which would
   * drop fields its models rename (an ingress rule's `from`) or do not know.
   */
  body?: string;
}

/**
 * Calls a client-node API and returns the response body as the API server sent it.
 *
 * client-node deserializes into model classes: it renames fields that are reserved words
 * (an ingress rule's `from` becomes `_from`), turns timestamps into Dates, and drops any
 * field its models do not know (a field newer than the client). Fed to the canonical
 * form, any of these would hide drift, which the rule "drift is never hidden" forbids (docs/architecture.md). So the raw JSON
 * is taken from the response before client-node touches it, and its result is ignored.
 * For the same reason a write may send its own JSON body.
 */
export async function requestRaw(
  kubeConfig: k8s.KubeConfig,
  call: (configuration: k8s.Configuration) => Promise<unknown>,
  options: RawRequestOptions,
): Promise<JsonObject> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const stop = () => controller.abort();
  if (options.signal.aborted) controller.abort();
  else options.signal.addEventListener('abort', stop, { once: true });

  let response: { status: number; body: string } | undefined;
  const capture: k8s.Middleware = {
    async pre(context) {
      options.onRequest();
      context.setSignal(controller.signal);
      if (options.body !== undefined) context.setBody(options.body);
      return context;
    },
    async post(context) {
      const body = await context.body.text();
      response = { status: context.httpStatusCode, body };
      // client-node's result is ignored; an empty object spares it deserializing a list
      // of thousands of objects into models nobody reads.
      return new k8s.ResponseContext(context.httpStatusCode, context.headers, {
        text: async () => '{}',
        binary: async () => Buffer.from('{}'),
      });
    },
  };
  const configuration = k8s.createConfiguration({
    baseServer: new k8s.ServerConfiguration(cluster.server, {}),
    authMethods: { default: kubeConfig },
    promiseMiddleware: [capture],
  });

  try {
    await call(configuration);
  } catch (error) {
    if (timedOut) throw new RequestTimeoutError(options.timeoutMs);
    if (response && (response.status < 200 || response.status > 299)) {
      throw new KubernetesApiError(response.status, response.body);
    }
    throw error;
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', stop);
  }
  if (!response) throw new Error('the API server sent no response body');
  const parsed: unknown = JSON.parse(response.body);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(
      'the API server answered with something other than an object',
    );
  }
  return parsed as JsonObject;
}
