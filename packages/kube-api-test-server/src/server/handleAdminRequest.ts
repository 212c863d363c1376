import { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { isJsonObject } from '../api/types';
import { FaultController, FaultSettings } from '../faults/FaultController';
import { readBody, sendJson } from './httpMessages';

const maxRefusalMs = 60_000;

function sameToken(header: string | undefined, expected: string): boolean {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!match) return false;
  const given = Buffer.from(match[1]);
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

function fail(res: ServerResponse, code: number, message: string) {
  sendJson(res, code, { message });
}

/**
 * The admin endpoint under /__testserver: not part of the Kubernetes API, and only open to
 * the admin token.
 *   GET    /__testserver/faults                    the switches
 *   PUT    /__testserver/faults                    change some switches (JSON, partial)
 *   DELETE /__testserver/faults                    all switches off
 *   POST   /__testserver/faults/drop-watches       close every open watch abruptly
 *   POST   /__testserver/faults/compact            forget the event history (410s follow)
 *   POST   /__testserver/faults/refuse-connections {"mode":"refuse"|"reset","durationMs":N}
 *   GET    /__testserver/state                     revision and open watches
 */
export async function handleAdminRequest(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  method: string,
  deps: {
    adminToken: string;
    faults: FaultController;
    openWatches: Set<() => void>;
    service: { store: { revision: number; oldestRevision: number } };
  },
): Promise<void> {
  if (!sameToken(req.headers.authorization, deps.adminToken)) {
    fail(
      res,
      401,
      'the admin endpoint needs the admin token as a bearer token',
    );
    return;
  }
  const body = async () => {
    const text = await readBody(req);
    const parsed = text.trim() ? JSON.parse(text) : {};
    if (!isJsonObject(parsed))
      throw new RangeError('the body must be a JSON object');
    return parsed;
  };
  try {
    const { faults } = deps;
    const route = `${method} ${path}`;
    switch (route) {
      case 'GET /__testserver/faults':
        sendJson(res, 200, faults.get());
        return;
      case 'PUT /__testserver/faults':
        sendJson(
          res,
          200,
          faults.set((await body()) as unknown as Partial<FaultSettings>),
        );
        return;
      case 'DELETE /__testserver/faults':
        sendJson(res, 200, faults.reset());
        return;
      case 'POST /__testserver/faults/drop-watches':
        sendJson(res, 200, { dropped: faults.dropWatches() });
        return;
      case 'POST /__testserver/faults/compact':
        sendJson(res, 200, { compactedAt: faults.compactHistory() });
        return;
      case 'POST /__testserver/faults/refuse-connections': {
        const { mode = 'refuse', durationMs } = await body();
        if (mode !== 'refuse' && mode !== 'reset') {
          throw new RangeError(
            'mode must be "refuse" (stop listening) or "reset" (accept and destroy)',
          );
        }
        // Over HTTP the refusal must end by itself, or nothing could reach this endpoint to end it.
        if (
          typeof durationMs !== 'number' ||
          durationMs <= 0 ||
          durationMs > maxRefusalMs
        ) {
          throw new RangeError(
            `durationMs must be a number between 1 and ${maxRefusalMs}`,
          );
        }
        sendJson(res, 202, { mode, durationMs });
        res.on('finish', () => {
          void faults.refuseConnections(mode, durationMs);
        });
        return;
      }
      case 'GET /__testserver/state':
        sendJson(res, 200, {
          revision: deps.service.store.revision,
          oldestRevision: deps.service.store.oldestRevision,
          openWatches: deps.openWatches.size,
        });
        return;
      default:
        fail(res, 404, `no admin route ${route}`);
    }
  } catch (error) {
    fail(res, 400, error instanceof Error ? error.message : String(error));
  }
}
