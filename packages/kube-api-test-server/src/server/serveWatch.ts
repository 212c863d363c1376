import { ServerResponse } from 'node:http';
import { apiErrors } from '../api/status';
import { KubeObject } from '../api/types';
import { ResourceDefinition } from '../resources/ResourceDefinition';
import { decodeObject } from '../schema/decodeObject';
import { orderFields } from '../schema/orderFields';
import {
  ObjectStore,
  RevisionCompactedError,
  StoredEvent,
} from '../store/ObjectStore';
import {
  ListOptions,
  ResourceService,
  parseResourceVersion,
  withTypeMeta,
} from './ResourceService';
import { IncludeObject, toTable } from './tables';

/** The parameters of one watch request. */
export interface WatchRequest extends ListOptions {
  namespace?: string;
  allowWatchBookmarks: boolean;
  sendInitialEvents?: boolean;
  timeoutSeconds?: number;
  /** Set when the client asked for server-side printed rows (kubectl get -w). */
  table?: IncludeObject;
}

/** Settings that bound every watch. */
export interface WatchLimits {
  defaultTimeoutSeconds: number;
  bookmarkIntervalMs: number;
  clock: () => Date;
}

type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/**
 * Serves a watch as newline-delimited JSON events on a chunked response, as the API server does.
 * Returns a function that drops the watch abruptly.
 */
export function serveWatch(
  res: ServerResponse,
  service: ResourceService,
  store: ObjectStore,
  definition: ResourceDefinition,
  request: WatchRequest,
  limits: WatchLimits,
  onEnd: () => void,
): () => void {
  const { labels, fields } = service.matchers(definition, request);
  const matches = (object: KubeObject | undefined) =>
    !!object &&
    (request.namespace === undefined ||
      object.metadata.namespace === request.namespace) &&
    labels(object.metadata.labels) &&
    fields(object);

  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();

  let first = true;
  const write = (type: WatchEventType, object: unknown) => {
    let payload = object;
    if (
      request.table &&
      (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED')
    ) {
      payload = toTable(
        definition,
        [object as KubeObject],
        {},
        request.table,
        limits.clock(),
        first,
      );
      first = false;
    }
    res.write(`${JSON.stringify({ type, object: payload })}\n`);
  };
  const typed = (object: KubeObject) =>
    orderFields(withTypeMeta(definition, object) as never, definition.schema);

  const bookmark = (annotations?: Record<string, string>) => {
    const empty = decodeObject({}, definition.schema)
      .object as unknown as KubeObject;
    const object = withTypeMeta(definition, empty);
    object.metadata = {
      resourceVersion: String(store.revision),
      creationTimestamp: null as unknown as string,
      ...(annotations ? { annotations } : {}),
    };
    write('BOOKMARK', object);
  };

  const deliver = (event: StoredEvent) => {
    if (event.resource !== definition) return;
    const was = matches(event.previous);
    const now = event.type !== 'DELETED' && matches(event.object);
    if (event.type === 'DELETED') {
      if (was) write('DELETED', typed(event.object));
    } else if (now && was) write('MODIFIED', typed(event.object));
    else if (now) write('ADDED', typed(event.object));
    else if (was && event.previous) {
      // Like the watch cache: the state that matched, at the revision that ended the match.
      write(
        'DELETED',
        typed({
          ...event.previous,
          metadata: {
            ...event.previous.metadata,
            resourceVersion: event.object.metadata.resourceVersion,
          },
        }),
      );
    }
  };

  let ended = false;
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe = () => {};
  const end = (abrupt: boolean) => {
    if (ended) return;
    ended = true;
    unsubscribe();
    for (const timer of timers) clearTimeout(timer);
    if (abrupt) res.socket?.destroy();
    else res.end();
    onEnd();
  };
  res.on('close', () => end(false));

  const rv = request.resourceVersion;
  let backlog: StoredEvent[] = [];
  let initial: KubeObject[] = [];
  try {
    if (!rv || rv === '0' || request.sendInitialEvents) {
      initial = store.list(definition, request.namespace).filter(matches);
      if (rv && rv !== '0') parseResourceVersion(rv);
    } else {
      backlog = store.eventsSince(parseResourceVersion(rv));
    }
  } catch (error) {
    if (error instanceof RevisionCompactedError) {
      write('ERROR', apiErrors.expired(error.message).status);
      end(false);
      return () => end(true);
    }
    write(
      'ERROR',
      (error as { status?: unknown }).status ??
        apiErrors.internal(String(error)).status,
    );
    end(false);
    return () => end(true);
  }
  // Subscribing in the same tick as reading the history leaves no gap between them.
  unsubscribe = store.subscribe(deliver);
  for (const object of initial) write('ADDED', typed(object));
  if (request.sendInitialEvents && request.allowWatchBookmarks) {
    bookmark({ 'k8s.io/initial-events-end': 'true' });
  }
  for (const event of backlog) deliver(event);

  const timeoutSeconds = request.timeoutSeconds ?? limits.defaultTimeoutSeconds;
  timers.push(setTimeout(() => end(false), timeoutSeconds * 1000));
  if (request.allowWatchBookmarks) {
    const schedule = () => {
      timers.push(
        setTimeout(() => {
          if (ended) return;
          bookmark();
          schedule();
        }, limits.bookmarkIntervalMs),
      );
    };
    schedule();
  }
  return () => end(true);
}
