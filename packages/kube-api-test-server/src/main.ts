import { writeFileSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { TokenSpec } from './auth/TokenRegistry';
import { isJsonObject } from './api/types';
import { keepStateFile, readStateFile } from './seed/stateFile';
import { startKubeApiTestServer } from './startKubeApiTestServer';
import { parseSeed } from './seed/parseSeed';
import {
  calicoNetworkPolicyResources,
  ciliumNetworkPolicyResources,
  networkPolicyApiResources,
} from './resources/networkPolicyApiResources';

const usage = `Usage: kube-api-test-server [options]

Serves the Kubernetes API (namespaces, pods, networking.k8s.io/v1 NetworkPolicies) on 127.0.0.1.

Options:
  --port <n>               port on 127.0.0.1 (default 6443; 0 picks a free one)
  --seed <file>            objects to start with: a kind: List or YAML documents
  --state <file>           keep the objects in <file> across restarts: written after every
                           change, and read at start in place of --seed once it exists
  --tokens <file>          YAML: { tokens: { <name>: { token, username, groups, access, resources, namespaces } }, adminToken }
  --kubeconfig-out <file>  write a kubeconfig for kubectl and @kubernetes/client-node
  --context-token <name>   token of the kubeconfig's current context (default: the first token)
  --history <n>            events kept for watches and continue tokens (default 1000)
  --plain-http             serve HTTP instead of HTTPS
  --cluster-scoped-policy <file>
                           serve network-policy-api's, Cilium's and Calico's policy kinds too,
                           starting with the objects of <file> (as --seed reads them)
  --verbose                print every request
  -h, --help               this text
`;

function parseArgs(argv: string[]): Record<string, string | boolean> {
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-'))
      throw new Error(`unexpected argument "${arg}"\n\n${usage}`);
    const name = arg.replace(/^-+/, '');
    if (['plain-http', 'verbose', 'help', 'h'].includes(name)) {
      flags[name] = true;
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--'))
      throw new Error(`option ${arg} needs a value\n\n${usage}`);
    flags[name] = value;
    i++;
  }
  return flags;
}

function readTokens(file: string): {
  tokens: Record<string, TokenSpec>;
  adminToken?: string;
} {
  const parsed: unknown = parseYaml(readFileSync(file, 'utf8'));
  if (!isJsonObject(parsed) || !isJsonObject(parsed.tokens)) {
    throw new Error(
      `${file}: expected a map "tokens" of name to { token, username, access }`,
    );
  }
  return {
    tokens: parsed.tokens as unknown as Record<string, TokenSpec>,
    adminToken:
      typeof parsed.adminToken === 'string' ? parsed.adminToken : undefined,
  };
}

/** Runs the server from the command line until SIGINT or SIGTERM. */
export async function main(argv: string[]): Promise<void> {
  let flags: Record<string, string | boolean>;
  try {
    flags = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  if (flags.help || flags.h) {
    process.stdout.write(usage);
    return;
  }
  const tokenFile =
    typeof flags.tokens === 'string' ? readTokens(flags.tokens) : undefined;
  const stateFile = typeof flags.state === 'string' ? flags.state : undefined;
  const kept = stateFile ? readStateFile(stateFile) : undefined;
  const server = await startKubeApiTestServer({
    port: flags.port !== undefined ? Number(flags.port) : 6443,
    seedFile: !kept && typeof flags.seed === 'string' ? flags.seed : undefined,
    seed: kept,
    tokens: tokenFile?.tokens,
    adminToken: tokenFile?.adminToken,
    tls: !flags['plain-http'],
    // Apart from --seed, so that seed stays usable by a server without these kinds.
    ...(typeof flags['cluster-scoped-policy'] === 'string'
      ? {
          seed: parseSeed(
            readFileSync(flags['cluster-scoped-policy'], 'utf8'),
            flags['cluster-scoped-policy'],
          ),
        }
      : {}),
    extraResources: flags['cluster-scoped-policy']
      ? [
          ...networkPolicyApiResources(),
          ...ciliumNetworkPolicyResources,
          ...calicoNetworkPolicyResources,
        ]
      : undefined,
    historyLimit:
      flags.history !== undefined ? Number(flags.history) : undefined,
    log: flags.verbose ? line => process.stderr.write(`${line}\n`) : undefined,
  });
  const contextToken =
    typeof flags['context-token'] === 'string'
      ? flags['context-token']
      : undefined;
  if (typeof flags['kubeconfig-out'] === 'string') {
    writeFileSync(flags['kubeconfig-out'], server.kubeconfig(contextToken), {
      mode: 0o600,
    });
  }
  const state = stateFile
    ? keepStateFile(server.service, stateFile)
    : undefined;
  process.stdout.write(`kube-api-test-server listening on ${server.url}\n`);
  if (stateFile) {
    process.stdout.write(
      kept
        ? `objects read from ${stateFile} (${kept.length}), not from the seed; delete it to start from the seed\n`
        : `objects kept in ${stateFile} from now on\n`,
    );
  }
  if (typeof flags['kubeconfig-out'] === 'string') {
    process.stdout.write(
      `kubeconfig written to ${flags['kubeconfig-out']} (tokens: ${Object.keys(
        server.tokens,
      ).join(', ')})\n`,
    );
  }
  process.stdout.write(
    `admin endpoint: ${server.url}/__testserver/faults (Authorization: Bearer ${server.adminToken})\n`,
  );
  const stop = () => {
    state?.close();
    void server.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
