import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Netseal: sealed, immutable Kubernetes NetworkPolicies. */
  netseal?: {
    /**
     * The clusters Netseal watches. When left out, Netseal reads the clusters of the
     * Kubernetes plugin's `kubernetes.clusterLocatorMethods` entries of `type: config`
     * (only `authProvider: serviceAccount` with a `serviceAccountToken` there; any other
     * auth provider is a configuration error that names the cluster).
     */
    clusters?: Array<{
      /** Unique name of the cluster, as policy sources and the portal refer to it. */
      name: string;
      /**
       * Base URL of the API server, e.g. `https://10.0.0.1:6443`. Required for
       * `serviceAccount`; for `kubeconfig` and `inCluster` it overrides their server.
       */
      url?: string;
      /**
       * How Netseal authenticates with its read-only identity:
       * - `serviceAccount` (default): the bearer token in `serviceAccountToken`.
       * - `kubeconfig`: the user of `kubeconfigContext` in the file `kubeconfigPath`.
       * - `inCluster`: the ServiceAccount of the pod the backend runs in.
       */
      authProvider?: 'serviceAccount' | 'kubeconfig' | 'inCluster';
      /**
       * Bearer token of the read-only identity (get, list and watch on
       * networkpolicies, pods and namespaces, cluster-wide).
       * @visibility secret
       */
      serviceAccountToken?: string;
      /** Path of a kubeconfig file; required for `authProvider: kubeconfig`. */
      kubeconfigPath?: string;
      /** Context of the kubeconfig file to use; its current context when left out. */
      kubeconfigContext?: string;
      /**
       * Base64 of the PEM CA bundle that signed the API server's certificate
       * (kubeconfig's `certificate-authority-data`). Set this or `caFile`, not both.
       * @visibility secret
       */
      caData?: string;
      /** Path of a PEM file with the CA bundle. Set this or `caData`, not both. */
      caFile?: string;
      /** Accept any server certificate. Only for test clusters: it allows interception. */
      skipTLSVerify?: boolean;
      /**
       * The identity rollouts use to delete and create sealed policies; rollouts to this
       * cluster are refused without it. Use `serviceAccountToken` with the
       * `serviceAccount` and `inCluster` auth providers, `kubeconfigContext` (a context
       * of the same kubeconfig file) with `kubeconfig`.
       */
      rollout?: {
        /**
         * Bearer token of the rollout identity.
         * @visibility secret
         */
        serviceAccountToken?: string;
        /** Context of the cluster's kubeconfig file whose user is the rollout identity. */
        kubeconfigContext?: string;
      };
    }>;
    /**
     * How often Netseal re-lists every cluster in full, beside its watches: a safety
     * net for watches that silently stopped. An object such as `{ minutes: 10 }` (the
     * default), an ISO 8601 duration (`PT10M`) or a short form (`10m`).
     */
    resyncInterval?: HumanDuration | string;
    /** Reading the policy sources (the Git directories of sealed manifests). */
    policySources?: {
      /**
       * How often policy sources are read again when no webhook announced a change.
       * An object such as `{ minutes: 5 }` (the default), `PT5M` or `5m`.
       */
      refreshInterval?: HumanDuration | string;
    };
    /** What Netseal does about drift beside reporting it. */
    drift?: {
      /**
       * Self-heal: the backend restores `drifted` and `missing` policies to their seal by
       * itself, as a person with `netseal.policy.restore` would from the portal. Off by
       * default. Each self-heal is audited as the backend's own action and notified to
       * the entity's owners (topic `netseal-self-heal`).
       */
      selfHeal?: {
        /** Whether the backend self-heals at all (default false). */
        enabled?: boolean;
        /**
         * At most this many self-heals per cluster within `window` (default 5): a
         * burst of drift is left for a person to look at rather than replaced wholesale.
         */
        maxPerCluster?: number;
        /** The window of `maxPerCluster`: `{ minutes: 10 }` (the default), `PT10M` or `10m`. */
        window?: HumanDuration | string;
        /**
         * How long to wait after a policy's last self-heal when it drifts again:
         * `backOff` after one self-heal, doubling with each further one within twice
         * `maxBackOff`, never longer than `maxBackOff`. A controller that fights Netseal
         * over a policy is so held off. `{ minutes: 1 }` (the default).
         */
        backOff?: HumanDuration | string;
        /** The longest back-off: `{ hours: 1 }` (the default). */
        maxBackOff?: HumanDuration | string;
      };
    };
    /** The history of drift status changes (`GET /entities/.../history`). */
    history?: {
      /**
       * How many days status changes are kept; older ones are deleted once a day.
       * Current statuses are never deleted. Default 90.
       */
      retentionDays?: number;
    };
    /** Replacement requests (`POST /requests`), which become pull requests. */
    requests?: {
      /**
       * How many approvals a request needs before it may be merged, not counting the
       * requester's own or any given before the last push. At least 1; default 1.
       */
      requiredApprovals?: number;
      /**
       * The access analysis of a request (which access paths it opens and closes), run
       * in worker threads off the event loop.
       */
      accessAnalysis?: {
        /**
         * Flow checks one cluster's analysis may cost: ports analysed apart × peers ×
         * peers (pod classes and outside endpoints). A request beyond it answers 422,
         * "too large to analyse". Default 100000000 (a 2,000-pod cluster needs about 2
         * million).
         */
        budget?: number;
        /**
         * How long one cluster's analysis may run before it is stopped and the request
         * answered 422. `{ seconds: 30 }` (the default), `PT30S` or `30s`.
         */
        timeout?: HumanDuration | string;
        /** Worker threads for analyses; default: one less than the CPUs, at least 1. */
        workers?: number;
      };
    };
    /** Rollouts of merged requests: fail-closed delete-and-recreate in each cluster. */
    rollouts?: {
      /**
       * Whether a merged request rolls out as soon as its merge is seen (default true).
       * When false, someone with `netseal.rollout.execute` starts it from the portal
       * (`POST /requests/{id}/rollout`).
       */
      autoStart?: boolean;
      /**
       * How often the backend reads open requests again from their Git host (the
       * fallback for missed webhook events), starts rollouts of merges it missed, and
       * resumes rollouts a stopped replica left. `{ minutes: 1 }` (the default), `PT1M`
       * or `1m`.
       */
      pollInterval?: HumanDuration | string;
      /**
       * How long a replica holds a rollout without recording a step, before another
       * replica (or this backend after a restart) may resume it. Longer than the slowest
       * step with its retries. `{ minutes: 5 }` (the default), `PT5M` or `5m`.
       */
      leaseDuration?: HumanDuration | string;
    };
    /**
     * Several backend replicas on one database share the clusters: each cluster's
     * watches run on the replica holding its lease.
     */
    clusterLeases?: {
      /**
       * How long a replica holds a cluster without renewing its lease (renewed every
       * quarter of it). A replica that dies loses its clusters to the others once its
       * leases lapse. Between 2 seconds and 10 minutes; `{ seconds: 20 }` (the default),
       * `PT20S` or `20s`. Keep it well above the replicas' clock skew.
       */
      duration?: HumanDuration | string;
    };
    /**
     * Signed attestations: every completed rollout and restore is signed as an in-toto
     * Statement in a DSSE envelope (`GET /attestations/{id}`, `netseal attest verify`).
     * Leave it out to sign nothing.
     */
    attestation?: {
      /**
       * The signing key: an Ed25519 or ECDSA P-256 private key in PEM (PKCS#8, "BEGIN
       * PRIVATE KEY"), e.g. `openssl genpkey -algorithm ed25519`. Give its public half
       * (`openssl pkey -pubout`) to whoever verifies.
       * @visibility secret
       */
      privateKey: string;
    };
    /** The admission guard that makes sealed policies impossible to edit in place. */
    guard?: {
      /**
       * Usernames, beside the rollout identity and Kubernetes' namespace controller,
       * that may delete sealed policies (e.g. a cluster-cleanup controller). Creating and
       * editing stay the rollout identity's alone.
       */
      deleteExceptions?: string[];
    };
  };
}
