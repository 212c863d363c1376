import { TestApiProvider } from '@backstage/test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { signalApiStub } from '../__testUtils__/signalApiStub';
import { useLiveData } from './useLiveData';

function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>(done => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('useLiveData', () => {
  it('keeps the newest answer when an older one arrives after it', async () => {
    const signals = signalApiStub();
    const answers = [deferred<string>(), deferred<string>()];
    let call = 0;
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[signalApiRef, signals]]}>
        {children}
      </TestApiProvider>
    );
    const { result } = renderHook(
      () =>
        useLiveData({
          key: 'payments',
          load: () => answers[call++].promise,
          isRelevant: () => true,
          intervalMs: 3_600_000,
        }),
      { wrapper },
    );
    expect(result.current.loading).toBe(true);

    signals.publish('netseal:drift', {
      entityRef: 'component:default/payments',
    });
    await act(async () => answers[1].resolve('after the change'));
    await act(async () => answers[0].resolve('before the change'));

    await waitFor(() => expect(result.current.value).toBe('after the change'));
    expect(result.current.loading).toBe(false);
    expect(result.current.lastUpdated).toBeInstanceOf(Date);
  });

  it('keeps the last value on screen when a refresh fails, with the error', async () => {
    const answers: Array<() => Promise<string>> = [
      async () => 'in-sync',
      async () => {
        throw new Error('connect ECONNREFUSED');
      },
    ];
    let call = 0;
    const signals = signalApiStub();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[signalApiRef, signals]]}>
        {children}
      </TestApiProvider>
    );
    const { result } = renderHook(
      () =>
        useLiveData({
          key: 'payments',
          load: () => answers[call++](),
          isRelevant: () => true,
          intervalMs: 3_600_000,
        }),
      { wrapper },
    );
    await waitFor(() => expect(result.current.value).toBe('in-sync'));

    signals.publish('netseal:drift', {
      entityRef: 'component:default/payments',
    });

    await waitFor(() =>
      expect(result.current.error?.message).toBe('connect ECONNREFUSED'),
    );
    expect(result.current.value).toBe('in-sync');
  });

  it('keeps the value on screen and refreshes at the new pace when the interval changes', async () => {
    jest.useFakeTimers();
    try {
      let call = 0;
      const signals = signalApiStub();
      const wrapper = ({ children }: { children: ReactNode }) => (
        <TestApiProvider apis={[[signalApiRef, signals]]}>
          {children}
        </TestApiProvider>
      );
      const { result, rerender } = renderHook(
        ({ intervalMs }: { intervalMs: number }) =>
          useLiveData({
            key: 'request-7',
            load: async () => `answer ${++call}`,
            isRelevant: () => false,
            intervalMs,
          }),
        { wrapper, initialProps: { intervalMs: 60_000 } },
      );
      await act(async () => {});
      expect(result.current.value).toBe('answer 1');

      rerender({ intervalMs: 2_000 });
      expect(result.current.value).toBe('answer 1');
      expect(result.current.loading).toBe(false);

      await act(async () => {
        jest.advanceTimersByTime(2_000);
      });
      expect(result.current.value).toBe('answer 2');
      await act(async () => {
        jest.advanceTimersByTime(2_000);
      });
      expect(result.current.value).toBe('answer 3');
    } finally {
      jest.useRealTimers();
    }
  });
});
