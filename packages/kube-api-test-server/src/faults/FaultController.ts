/** A rule that makes matching requests fail with a server error. */
export interface FaultRule {
  /** HTTP method to match (GET, POST, ...); any when left out. */
  method?: string;
  /** Kubernetes verb to match (get, list, watch, create, update, patch, delete); any when left out. */
  verb?: string;
  /** Path prefix to match, e.g. `/apis/networking.k8s.io/v1/networkpolicies`. */
  pathPrefix?: string;
  /** Status code to answer with; 500 when left out. */
  code?: number;
  /** Fraction of matching requests to fail (0..1); all when left out. */
  rate?: number;
  /** How many requests to fail before the rule retires itself; unbounded when left out. */
  times?: number;
}

/** The fault switches, all off by default. */
export interface FaultSettings {
  /** Added to every Kubernetes API request. */
  latencyMs: number;
  /** Up to this much more, drawn from the seeded generator. */
  jitterMs: number;
  /** Fraction of all Kubernetes API requests answered with `errorCode`. */
  errorRate: number;
  errorCode: number;
  rules: FaultRule[];
  /** Seed of the generator behind jitter and rates, so a run can be repeated. */
  seed: number;
}

/** What the server does when asked to drop watches or refuse connections. */
export interface FaultActions {
  dropWatches(): number;
  refuseConnections(
    mode: 'reset' | 'refuse',
    durationMs?: number,
  ): Promise<void>;
  acceptConnections(): Promise<void>;
  compactHistory(): number;
}

/** What a request looks like to the fault rules. */
export interface FaultTarget {
  method: string;
  path: string;
  verb?: string;
}

const maxLatencyMs = 60_000;

// mulberry32: tiny, seedable, good enough to make fault runs repeatable.
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function defaults(): FaultSettings {
  return {
    latencyMs: 0,
    jitterMs: 0,
    errorRate: 0,
    errorCode: 500,
    rules: [],
    seed: 1,
  };
}

/** Fault switches, settable from tests and from the admin endpoint. */
export class FaultController {
  private settings: FaultSettings = defaults();
  private random = generator(1);
  private readonly remaining = new Map<FaultRule, number>();

  constructor(private readonly actions: FaultActions) {}

  /** The switches as they stand. */
  get(): FaultSettings {
    return {
      ...this.settings,
      rules: this.settings.rules.map(rule =>
        this.remaining.has(rule)
          ? { ...rule, times: this.remaining.get(rule) }
          : { ...rule },
      ),
    };
  }

  /** Changes some switches; a new seed restarts the generator. */
  set(changes: Partial<FaultSettings>): FaultSettings {
    const next = { ...this.settings, ...changes };
    const check = (ok: boolean, message: string) => {
      if (!ok) throw new RangeError(message);
    };
    check(
      next.latencyMs >= 0 && next.latencyMs <= maxLatencyMs,
      `latencyMs must be between 0 and ${maxLatencyMs}`,
    );
    check(
      next.jitterMs >= 0 && next.jitterMs <= maxLatencyMs,
      `jitterMs must be between 0 and ${maxLatencyMs}`,
    );
    check(
      next.errorRate >= 0 && next.errorRate <= 1,
      'errorRate must be between 0 and 1',
    );
    check(
      next.errorCode >= 500 && next.errorCode <= 599,
      'errorCode must be a 5xx status',
    );
    for (const rule of next.rules) {
      check(
        rule.code === undefined || (rule.code >= 500 && rule.code <= 599),
        "a rule's code must be a 5xx status",
      );
      check(
        rule.rate === undefined || (rule.rate >= 0 && rule.rate <= 1),
        "a rule's rate must be between 0 and 1",
      );
      check(
        rule.times === undefined ||
          (Number.isInteger(rule.times) && rule.times >= 0),
        "a rule's times must be a whole number",
      );
    }
    this.settings = next;
    if (changes.seed !== undefined) this.random = generator(changes.seed);
    if (changes.rules) {
      this.remaining.clear();
      for (const rule of next.rules) {
        if (rule.times !== undefined) this.remaining.set(rule, rule.times);
      }
    }
    return this.get();
  }

  /** Turns every switch off. */
  reset(): FaultSettings {
    this.settings = defaults();
    this.random = generator(1);
    this.remaining.clear();
    return this.get();
  }

  /** How long to hold this request. */
  latency(): number {
    const { latencyMs, jitterMs } = this.settings;
    if (latencyMs === 0 && jitterMs === 0) return 0;
    return latencyMs + Math.floor(this.random() * jitterMs);
  }

  /** The status code to fail this request with, if a switch says so. */
  errorFor(target: FaultTarget): number | undefined {
    for (const rule of this.settings.rules) {
      if (rule.method && rule.method.toUpperCase() !== target.method) continue;
      if (rule.verb && rule.verb !== target.verb) continue;
      if (rule.pathPrefix && !target.path.startsWith(rule.pathPrefix)) continue;
      const left = this.remaining.get(rule);
      if (left !== undefined && left <= 0) continue;
      if (rule.rate !== undefined && this.random() >= rule.rate) continue;
      if (left !== undefined) this.remaining.set(rule, left - 1);
      return rule.code ?? 500;
    }
    if (
      this.settings.errorRate > 0 &&
      this.random() < this.settings.errorRate
    ) {
      return this.settings.errorCode;
    }
    return undefined;
  }

  /** Closes every open watch abruptly; returns how many were dropped. */
  dropWatches(): number {
    return this.actions.dropWatches();
  }

  /**
   * Refuses connections: `reset` accepts and destroys them (ECONNRESET), `refuse` stops
   * listening (ECONNREFUSED). With a duration, connections are accepted again afterwards.
   */
  refuseConnections(
    mode: 'reset' | 'refuse' = 'refuse',
    durationMs?: number,
  ): Promise<void> {
    return this.actions.refuseConnections(mode, durationMs);
  }

  /** Ends a refusal. */
  acceptConnections(): Promise<void> {
    return this.actions.acceptConnections();
  }

  /** Forgets the event history now, so that older watches and continue tokens get 410 Gone. */
  compactHistory(): number {
    return this.actions.compactHistory();
  }
}
