import { useSignal } from '@backstage/plugin-signals-react';
import {
  DRIFT_SIGNAL_CHANNEL,
  DriftSignalMessage,
} from '@netseal/backstage-plugin-netseal-common';
import { useCallback, useEffect, useRef, useState } from 'react';

/** How often views refresh when no signal arrives: signals may not be installed. */
export const DEFAULT_REFRESH_INTERVAL_MS = 10_000;

/** The state of a live view: the last value and error, and when it last refreshed. */
export interface LiveData<T> {
  value?: T;
  error?: Error;
  /** True only until the first answer (or error); refreshes keep showing the last value. */
  loading: boolean;
  lastUpdated?: Date;
  refresh(): void;
}

/**
 * Loads data and keeps it fresh: again whenever a drift signal that `isRelevant` accepts
 * arrives, and every `intervalMs` in case no signal ever does. A refresh, or a change of
 * `intervalMs`, keeps the value on screen until its answer arrives; answers that arrive
 * out of order are dropped.
 *
 * @param key - loads again from scratch when it changes (e.g. the entity's ref)
 */
export function useLiveData<T>(options: {
  key: string;
  load: () => Promise<T>;
  isRelevant: (signal: DriftSignalMessage) => boolean;
  intervalMs?: number;
}): LiveData<T> {
  const { key, intervalMs = DEFAULT_REFRESH_INTERVAL_MS } = options;
  const [state, setState] = useState<Omit<LiveData<T>, 'refresh'>>({
    loading: true,
  });
  const latest = useRef({ load: options.load, isRelevant: options.isRelevant });
  latest.current = { load: options.load, isRelevant: options.isRelevant };
  // Answers to a request made for another key, or older than one already shown, are dropped.
  const generation = useRef(0);
  const requestCount = useRef(0);
  const answeredRequest = useRef(0);

  const refresh = useCallback(() => {
    const request = ++requestCount.current;
    const requestGeneration = generation.current;
    const isCurrent = () =>
      requestGeneration === generation.current &&
      request > answeredRequest.current;
    latest.current.load().then(
      value => {
        if (isCurrent()) {
          answeredRequest.current = request;
          setState({ value, loading: false, lastUpdated: new Date() });
        }
      },
      (error: Error) => {
        if (isCurrent()) {
          answeredRequest.current = request;
          setState(previous => ({ ...previous, error, loading: false }));
        }
      },
    );
  }, []);

  useEffect(() => {
    generation.current += 1;
    setState({ loading: true });
    refresh();
    return () => {
      generation.current += 1;
    };
  }, [key, refresh]);

  // A new pace (as when a rollout starts or ends) keeps the value on screen; only a new
  // key loads from scratch.
  useEffect(() => {
    const timer = setInterval(refresh, intervalMs);
    return () => clearInterval(timer);
  }, [key, intervalMs, refresh]);

  const { lastSignal } = useSignal<DriftSignalMessage>(DRIFT_SIGNAL_CHANNEL);
  useEffect(() => {
    if (lastSignal && latest.current.isRelevant(lastSignal)) {
      refresh();
    }
  }, [lastSignal, refresh]);

  return { ...state, refresh };
}
