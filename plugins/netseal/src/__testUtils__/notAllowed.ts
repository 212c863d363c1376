import { ResponseError } from '@backstage/errors';

/** The API's 403, as `ResponseError.fromResponse` makes it from the backend's answer. */
export async function notAllowedError(
  entityRef: string,
): Promise<ResponseError> {
  const body = {
    error: {
      name: 'NotAllowedError',
      message: `You may not read the network policies of ${entityRef} (permission netseal.policy.read)`,
    },
    request: {
      method: 'GET',
      url: '/api/netseal/entities/component/default/payments/policies',
    },
    response: { statusCode: 403 },
  };
  return ResponseError.fromResponse(
    new Response(JSON.stringify(body), {
      status: 403,
      statusText: 'Forbidden',
      headers: { 'Content-Type': 'application/json' },
    }),
  );
}
