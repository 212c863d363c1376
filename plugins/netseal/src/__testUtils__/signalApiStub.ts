import type { SignalApi } from '@backstage/plugin-signals-react';
import type { JsonObject } from '@backstage/types';
import { act } from '@testing-library/react';

/** A SignalApi that tests publish on by hand, as the backend would. */
export function signalApiStub(): SignalApi & {
  publish(channel: string, message: JsonObject): void;
} {
  const subscribers = new Map<string, Set<(message: JsonObject) => void>>();
  return {
    subscribe<TMessage extends JsonObject = JsonObject>(
      channel: string,
      onMessage: (message: TMessage) => void,
    ) {
      const handler = (message: JsonObject) => onMessage(message as TMessage);
      const handlers = subscribers.get(channel) ?? new Set();
      handlers.add(handler);
      subscribers.set(channel, handlers);
      return { unsubscribe: () => handlers.delete(handler) };
    },
    publish(channel, message) {
      act(() => {
        for (const handler of subscribers.get(channel) ?? []) {
          handler(message);
        }
      });
    },
  };
}
