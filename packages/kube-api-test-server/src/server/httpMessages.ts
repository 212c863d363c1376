import { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { KubeApiError, apiErrors } from '../api/status';
import { JsonValue } from '../api/types';

/** The API server's request body limit (3 MiB). */
export const maxRequestBodyBytes = 3 * 1024 * 1024;

/** Reads a request body, refusing more than the API server would accept. */
export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readRawBody(req)).toString('utf8');
}

/** Reads a request body as bytes, refusing more than the API server would accept. */
export async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    size += buffer.length;
    if (size > maxRequestBodyBytes) {
      throw new KubeApiError(
        413,
        'RequestEntityTooLarge',
        `Request entity too large: limit is ${maxRequestBodyBytes}`,
      );
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** The media type of a Content-Type header, without parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

/** Parses a create or update body, JSON or YAML as the API server accepts them. */
export function parseObjectBody(
  text: string,
  contentType: string | undefined,
): JsonValue {
  const type = mediaType(contentType) || 'application/json';
  if (type !== 'application/json' && type !== 'application/yaml') {
    throw apiErrors.unsupportedMediaType(type, [
      'application/json',
      'application/yaml',
    ]);
  }
  try {
    if (type === 'application/yaml') {
      return parseYaml(text, { maxAliasCount: 100 }) as JsonValue;
    }
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw apiErrors.badRequest(
      `the body of the request could not be decoded: ${reason}`,
    );
  }
}

/** Sends JSON with the headers a real API server uses. */
export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Sends an error as the Status object it carries. */
export function sendStatus(res: ServerResponse, error: KubeApiError): void {
  sendJson(res, error.code, error.status);
}

/** Whether the client can take JSON at all (kubectl and client-node always can). */
export function acceptsJson(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept
    .split(',')
    .map(part => part.split(';')[0].trim())
    .some(
      type =>
        type === 'application/json' ||
        type === '*/*' ||
        type === 'application/*',
    );
}

/** Whether the client asked for a server-side printed Table (kubectl get does). */
export function acceptsTable(accept: string | undefined): boolean {
  return (accept ?? '')
    .split(',')
    .some(part => /as=Table/.test(part) && /g=meta\.k8s\.io/.test(part));
}
