/**
 * Who may reach a service's pods and whom they may reach, as its sealed policies in one
 * cluster say. It is what the portal draws: the service's pods in the middle, the
 * ingress peers on one side, the egress peers on the other. Derived from policies
 * alone (no live pods), so peers are described by their selectors and CIDRs.
 *
 * @public
 */
export interface ServiceReachability {
  /** The pods the picture is about, in words, e.g. "pods app=payments in namespace shop". */
  pods: string;
  /** The policies the picture was derived from, as `namespace/name`. */
  policies: string[];
  /** In a live picture: the policies that are live but not in Git, which nobody reviewed. */
  unsealedPolicies?: string[];
  /** In a live picture: the policies whose live object differs from its seal. */
  driftedPolicies?: string[];
  ingress: ReachabilityDirection;
  egress: ReachabilityDirection;
}

/**
 * One direction of a service's reachability.
 *
 * - `isolated`: only the listed peers, on the listed ports; everything else is denied by default.
 * - `not-isolated`: no policy restricts this direction, so every peer is allowed.
 * - `allow-all`: isolated, but a rule allows every peer on every port.
 *
 * @public
 */
export interface ReachabilityDirection {
  mode: 'isolated' | 'not-isolated' | 'allow-all';
  /** One sentence for the page, e.g. "Ingress is isolated: only the peers below may connect; all other traffic is denied by default." */
  summary: string;
  /** Allowed peers, merged across rules and policies, ordered by label; empty when `not-isolated` (nothing restricts the direction). */
  peers: ReachabilityEdge[];
  /**
   * Cluster-scoped policies (or kinds) of the cluster that may decide this direction's
   * traffic instead of the NetworkPolicies: where any may, what the picture shows is what
   * the NetworkPolicies say, and the verdict is unknown. Absent when none may.
   */
  mayBeOverriddenBy?: string[];
}

/** An allowed peer with the ports it may use. @public */
export interface ReachabilityEdge {
  peer: ReachabilityPeer;
  /** "TCP 8080", "UDP 53", "TCP 8000-8100", "TCP port named http", or "all ports and protocols". */
  ports: string[];
  /** The policies allowing it, as `namespace/name`. */
  policies: string[];
}

/** A peer as its rule names it. @public */
export interface ReachabilityPeer {
  /** `pods`: a pod (and maybe namespace) selector; `cidr`: an ipBlock; `anywhere`: an empty peer list. */
  kind: 'pods' | 'cidr' | 'anywhere';
  /** In words, e.g. "pods app=gateway in namespaces team=edge", "10.0.0.0/8 except 10.1.0.0/16", "anywhere". */
  label: string;
}

/**
 * One cluster's picture, as the API returns it: `live` from the policies live in the
 * cluster that concern the service (sealed, drifted or live only), or `sealed` from its
 * policies as sealed in Git. @public
 */
export interface ClusterReachability {
  cluster: string;
  mode: 'live' | 'sealed';
  /** Why a live picture was asked for but the sealed one is shown: the cluster is not connected. */
  liveUnavailable?: string;
  reachability: ServiceReachability;
}
