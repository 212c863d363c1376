import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { Socket } from 'node:net';
import { KubeObject } from './api/types';
import { TokenRegistry, TokenSpec, defaultTokens } from './auth/TokenRegistry';
import { DiscoveryDocuments } from './discovery/discoveryDocuments';
import { OpenApiDocuments } from './discovery/openApiDocuments';
import { FaultController } from './faults/FaultController';
import { buildKubeconfig } from './kubeconfig';
import { ResourceDefinition } from './resources/ResourceDefinition';
import {
  ResourceRegistry,
  defaultResourceDefinitions,
} from './resources/ResourceRegistry';
import { applySeed } from './seed/applySeed';
import { parseSeed } from './seed/parseSeed';
import {
  AdmissionAuditEvent,
  ValidatingAdmissionPolicyEvaluator,
} from './policy/ValidatingAdmissionPolicyEvaluator';
import { AdmissionHook } from './server/admission';
import { KubeApiHandler } from './server/KubeApiHandler';
import { ResourceService } from './server/ResourceService';
import { ObjectStore } from './store/ObjectStore';
import { generateCertificates } from './tls/generateCertificates';

/** How to start a server. Every field is optional. */
export interface KubeApiTestServerOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Seed objects: YAML or JSON text (a `kind: List` or YAML documents), or objects. */
  seed?: string | KubeObject[];
  /** Path of a seed file, read at start-up. */
  seedFile?: string;
  /** Accepted bearer tokens by name; by default `admin` (write) and `reader` (read). */
  tokens?: Record<string, TokenSpec>;
  /** Bearer token of the /__testserver admin endpoint; generated when left out. */
  adminToken?: string;
  /** Serve HTTPS with a CA generated at start-up (the default), or plain HTTP. */
  tls?: boolean;
  /** How many writes the event history keeps for watches and continue tokens (default 1000). */
  historyLimit?: number;
  /** Interval of watch bookmarks when a client allows them (default 60 s). */
  bookmarkIntervalMs?: number;
  /** Watch duration when the client gives no timeoutSeconds (default 1800 s). */
  watchTimeoutSeconds?: number;
  /** How long a deleted namespace stays Terminating before its content goes (default 0 ms). */
  namespaceTerminationDelayMs?: number;
  /**
   * Validating admission, called on create, update and delete after the stored
   * ValidatingAdmissionPolicies (which are always evaluated); either can deny.
   */
  admission?: AdmissionHook;
  /** Further kinds to serve beside namespaces, pods and NetworkPolicies. */
  extraResources?: ResourceDefinition[];
  /** Name of the cluster in generated kubeconfigs. */
  clusterName?: string;
  /** Receives one line per request, for debugging. */
  log?: (line: string) => void;
}

/** A running server. */
export interface KubeApiTestServer {
  /** `https://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Base64 of the CA certificate's PEM, as kubeconfig's certificate-authority-data wants it. */
  readonly caData: string;
  /** The CA certificate, PEM. */
  readonly caCert: string;
  /** Bearer token values by token name. */
  readonly tokens: Record<string, string>;
  readonly adminToken: string;
  readonly faults: FaultController;
  /** The store behind the API, for assertions that bypass HTTP. */
  readonly service: ResourceService;
  /** The audit annotations ValidatingAdmissionPolicies recorded (Audit bindings, auditAnnotations). */
  auditEvents(): AdmissionAuditEvent[];
  /** A kubeconfig (YAML) whose current context uses the named token (default: the first). */
  kubeconfig(tokenName?: string, options?: { namespace?: string }): string;
  /** Stops listening, ends watches and destroys open connections. */
  stop(): Promise<void>;
}

const host = '127.0.0.1';
const builtInNamespaces = [
  'default',
  'kube-node-lease',
  'kube-public',
  'kube-system',
];

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function closeListener(server: http.Server): Promise<void> {
  return new Promise(resolve => {
    if (!server.listening) resolve();
    else server.close(() => resolve());
  });
}

/** Starts a Kubernetes API test server on 127.0.0.1. */
export async function startKubeApiTestServer(
  options: KubeApiTestServerOptions = {},
): Promise<KubeApiTestServer> {
  const clock = () => new Date();
  const registry = new ResourceRegistry([
    ...defaultResourceDefinitions(),
    ...(options.extraResources ?? []),
  ]);
  const store = new ObjectStore(options.historyLimit ?? 1000);
  const policies = new ValidatingAdmissionPolicyEvaluator(store, registry);
  const service = new ResourceService(store, registry, {
    admission: options.admission,
    policies,
    namespaceTerminationDelayMs: options.namespaceTerminationDelayMs ?? 0,
    clock,
  });
  const tokens = new TokenRegistry(options.tokens ?? defaultTokens());
  const adminToken =
    options.adminToken ?? randomBytes(24).toString('base64url');
  const openWatches = new Set<() => void>();
  const sockets = new Set<Socket>();
  let resetConnections = false;
  let refusalTimer: NodeJS.Timeout | undefined;
  let stopped = false;

  const tlsEnabled = options.tls ?? true;
  const certificates = tlsEnabled ? generateCertificates() : undefined;
  let port = options.port ?? 0;
  const discovery = new DiscoveryDocuments(registry, () => `${host}:${port}`);

  const seedObjects = [
    ...builtInNamespaces.map(name => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    })),
    ...(options.seedFile
      ? parseSeed(readFileSync(options.seedFile, 'utf8'), options.seedFile)
      : []),
    ...(typeof options.seed === 'string'
      ? parseSeed(options.seed)
      : options.seed ?? []),
  ];
  await applySeed(service, seedObjects);

  // Assigned once below; the fault actions need it before it exists.
  const serverHolder: { current?: http.Server } = {};
  const faults = new FaultController({
    dropWatches: () => {
      const count = openWatches.size;
      for (const drop of [...openWatches]) drop();
      return count;
    },
    refuseConnections: async (mode, durationMs) => {
      if (refusalTimer) clearTimeout(refusalTimer);
      if (mode === 'reset') resetConnections = true;
      // Stop accepting first, then cut what is open: server.close() waits for open
      // connections (watches, keep-alive sockets), so awaiting it first would hang.
      const closed =
        mode === 'refuse' && serverHolder.current
          ? closeListener(serverHolder.current)
          : Promise.resolve();
      for (const socket of sockets) socket.destroy();
      await closed;
      if (durationMs !== undefined) {
        refusalTimer = setTimeout(
          () => void faults.acceptConnections(),
          durationMs,
        );
      }
    },
    acceptConnections: async () => {
      if (refusalTimer) clearTimeout(refusalTimer);
      refusalTimer = undefined;
      resetConnections = false;
      const current = serverHolder.current;
      if (current && !current.listening && !stopped)
        await listen(current, port);
    },
    compactHistory: () => {
      store.compact();
      return store.oldestRevision;
    },
  });

  const handler = new KubeApiHandler({
    registry,
    service,
    tokens,
    adminToken,
    faults,
    discovery,
    openApi: new OpenApiDocuments(registry),
    watchLimits: {
      defaultTimeoutSeconds: options.watchTimeoutSeconds ?? 1800,
      bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
      clock,
    },
    openWatches,
    clock,
    log: options.log,
  });
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    void handler.handle(req, res);
  };
  const server = certificates
    ? https.createServer(
        { cert: certificates.cert, key: certificates.key },
        listener,
      )
    : http.createServer(listener);
  serverHolder.current = server;
  server.on('connection', (socket: Socket) => {
    if (resetConnections) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  port = await listen(server, port);

  const scheme = certificates ? 'https' : 'http';
  const url = `${scheme}://${host}:${port}`;
  const caData = certificates
    ? Buffer.from(certificates.caCert).toString('base64')
    : '';
  const tokenValues = Object.fromEntries(
    tokens.names().map(name => [name, tokens.byTokenName(name).token]),
  );
  const clusterName = options.clusterName ?? 'kube-api-test-server';

  return {
    url,
    port,
    caData,
    caCert: certificates?.caCert ?? '',
    tokens: tokenValues,
    adminToken,
    faults,
    service,
    auditEvents: () => policies.auditEvents(),
    kubeconfig(tokenName, kubeconfigOptions) {
      const current = tokenName ?? tokens.names()[0];
      tokens.byTokenName(current);
      return buildKubeconfig({
        clusterName,
        server: url,
        caData: caData || undefined,
        users: tokens.names().map(name => ({ name, token: tokenValues[name] })),
        currentUser: current,
        namespace: kubeconfigOptions?.namespace,
      });
    },
    async stop() {
      stopped = true;
      if (refusalTimer) clearTimeout(refusalTimer);
      service.close();
      for (const drop of [...openWatches]) drop();
      const closed = closeListener(server);
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
