import {
  MetricAttributes,
  MetricsService,
  MetricsServiceObservable,
  MetricsServiceObservableCallback,
} from '@backstage/backend-plugin-api/alpha';

/** One value given to an instrument: added, recorded or observed. */
export interface RecordedValue {
  value: number;
  attributes?: MetricAttributes;
}

/**
 * A MetricsService that keeps what each instrument was given, by instrument name, and
 * collects observable instruments on demand, as an OpenTelemetry exporter would.
 */
export class RecordingMetricsService implements MetricsService {
  private readonly values = new Map<string, RecordedValue[]>();
  private readonly callbacks = new Map<
    string,
    Set<MetricsServiceObservableCallback<MetricAttributes>>
  >();

  /** Everything added to or recorded by the named counter, histogram or gauge. */
  recorded(name: string): RecordedValue[] {
    return this.values.get(name) ?? [];
  }

  /** Runs the named observable instrument's callbacks once and returns what they observed. */
  async collect(name: string): Promise<RecordedValue[]> {
    const observed: RecordedValue[] = [];
    for (const callback of this.callbacks.get(name) ?? []) {
      await callback({
        observe: (value, attributes) => observed.push({ value, attributes }),
      });
    }
    return observed;
  }

  createCounter<T extends MetricAttributes>(name: string) {
    return {
      add: (value: number, attributes?: T) =>
        this.push(name, value, attributes),
    };
  }

  createUpDownCounter<T extends MetricAttributes>(name: string) {
    return {
      add: (value: number, attributes?: T) =>
        this.push(name, value, attributes),
    };
  }

  createHistogram<T extends MetricAttributes>(name: string) {
    return {
      record: (value: number, attributes?: T) =>
        this.push(name, value, attributes),
    };
  }

  createGauge<T extends MetricAttributes>(name: string) {
    return {
      record: (value: number, attributes?: T) =>
        this.push(name, value, attributes),
    };
  }

  createObservableCounter<T extends MetricAttributes>(name: string) {
    return this.observable<T>(name);
  }

  createObservableUpDownCounter<T extends MetricAttributes>(name: string) {
    return this.observable<T>(name);
  }

  createObservableGauge<T extends MetricAttributes>(name: string) {
    return this.observable<T>(name);
  }

  private push(name: string, value: number, attributes?: MetricAttributes) {
    this.values.set(name, [
      ...this.recorded(name),
      attributes ? { value, attributes } : { value },
    ]);
  }

  private observable<T extends MetricAttributes>(
    name: string,
  ): MetricsServiceObservable<T> {
    const callbacks =
      this.callbacks.get(name) ??
      new Set<MetricsServiceObservableCallback<MetricAttributes>>();
    this.callbacks.set(name, callbacks);
    // Every attribute set T is a MetricAttributes; the callbacks only ever observe through it.
    type Callback = MetricsServiceObservableCallback<MetricAttributes>;
    return {
      addCallback: callback => callbacks.add(callback as Callback),
      removeCallback: callback => callbacks.delete(callback as Callback),
    };
  }
}
