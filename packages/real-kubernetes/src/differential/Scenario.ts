import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { RealKubernetesContext } from '../startRealKubernetes';
import { Answer, plain } from './answers';
import { DifferentialTarget } from './DifferentialTarget';

/** What real kubectl printed and its exit code. */
export interface KubectlAnswer {
  [key: string]: Answer;
  exit: number;
  stdout: string;
  stderr: string;
}

/** A raw HTTP answer, for what client-node does not show (media types, headers). */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Everything a step may use against one target. */
export interface ScenarioContext {
  readonly target: DifferentialTarget;
  /** The scenario's namespace; the same name on both servers. */
  readonly namespace: string;
  /** Appended to cluster-scoped names, so that a shared real cluster sees no clash. */
  readonly suffix: string;
  /** Values a step leaves for later ones, such as a resourceVersion. */
  readonly remembered: Map<string, string>;
  client<T extends k8s.ApiType>(
    api: k8s.ApiConstructor<T>,
    context?: RealKubernetesContext,
  ): T;
  objects(context?: RealKubernetesContext): k8s.KubernetesObjectApi;
  /** Runs real kubectl (1.32 on PATH) on the target; `stdin` is piped in. */
  kubectl(
    args: string[],
    options?: {
      context?: RealKubernetesContext;
      stdin?: string;
      env?: NodeJS.ProcessEnv;
    },
  ): Promise<KubectlAnswer>;
  raw(request: {
    context?: RealKubernetesContext;
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: string;
  }): Promise<RawAnswer>;
  /** Writes a file in the scenario's folder and returns its path. */
  file(name: string, content: string): string;
}

/** One request (or a few) of the scenario, and what of the answer is compared. */
export interface ScenarioStep {
  /** Unique, `area: what`; README and known differences use it. */
  name: string;
  /** Resolves to plain data; `undefined` fields are left out of the comparison. */
  run(context: ScenarioContext): Promise<unknown>;
}

/**
 * Replaces what differs between any two runs (uids, resourceVersions, times, ages, the
 * server's address) so that texts compare.
 */
export function normalizeText(text: string, server: string): string {
  return text
    .split(server)
    .join('<server>')
    .replace(/127\.0\.0\.1:\d+/g, '<server>')
    .replace(
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
      '<uid>',
    )
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .replace(/(resourceVersion"?:\s*)"?\d+"?/g, '$1<rv>')
    .replace(/(?<=\s)(\d+m)?\d+s(?=\s|$)/gm, '<age>')
    .replace(/(?<=\s)\d+m(?=\s|$)/gm, '<age>');
}

const kubectlTimeoutMs = 30_000;

/** The context of one run of the scenario against one target. */
export function scenarioContext(options: {
  target: DifferentialTarget;
  namespace: string;
  suffix: string;
  folder: string;
}): ScenarioContext {
  const { target, folder } = options;
  mkdirSync(folder, { recursive: true });
  // kubectl caches discovery under HOME; each target gets its own.
  const home = join(folder, 'home');
  mkdirSync(home, { recursive: true });
  return {
    ...options,
    remembered: new Map(),
    client: (api, context = 'admin') =>
      target.kubeConfig(context).makeApiClient(api),
    objects: (context = 'admin') =>
      k8s.KubernetesObjectApi.makeApiClient(target.kubeConfig(context)),
    kubectl: (args, kubectlOptions = {}) =>
      new Promise((resolve, reject) => {
        const child = execFile(
          'kubectl',
          ['--context', kubectlOptions.context ?? 'admin', ...args],
          {
            env: {
              PATH: process.env.PATH,
              HOME: home,
              KUBECONFIG: target.kubeconfigPath,
              ...kubectlOptions.env,
            },
            timeout: kubectlTimeoutMs,
          },
          (error, stdout, stderr) => {
            if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
              reject(
                new Error(
                  'kubectl 1.32 is needed on PATH: scripts/test.sh installs it (apt-get install kubectl)',
                ),
              );
              return;
            }
            // Files named on the command line live in each target's own folder.
            const normalize = (text: string) =>
              normalizeText(text.split(folder).join('<folder>'), target.server);
            resolve({
              exit: error ? Number(error.code ?? 1) : 0,
              stdout: normalize(stdout),
              stderr: normalize(stderr),
            });
          },
        );
        child.stdin?.end(kubectlOptions.stdin ?? '');
      }),
    raw: async request => {
      const config = target.kubeConfig(request.context ?? 'admin');
      const url = new URL(request.path, target.server);
      const httpsOptions: https.RequestOptions = {
        method: request.method ?? 'GET',
        hostname: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
      };
      await config.applyToHTTPSOptions(httpsOptions);
      // After the context's own headers, so that a step may replace its token.
      httpsOptions.headers = { ...httpsOptions.headers, ...request.headers };
      return new Promise((resolve, reject) => {
        const req = https.request(httpsOptions, res => {
          const chunks: Buffer[] = [];
          res.on('data', chunk => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        });
        req.setTimeout(kubectlTimeoutMs, () =>
          req.destroy(new Error(`${request.path} did not answer`)),
        );
        req.on('error', reject);
        req.end(request.body);
      });
    },
    file: (name, content) => {
      const path = join(folder, name);
      writeFileSync(path, content);
      return path;
    },
  };
}

/** Runs every step in order and returns each step's answer by name. */
export async function runScenario(
  steps: ScenarioStep[],
  context: ScenarioContext,
): Promise<Map<string, Answer>> {
  const answers = new Map<string, Answer>();
  for (const step of steps) {
    if (answers.has(step.name)) {
      throw new Error(`two steps are named "${step.name}"; rename one`);
    }
    try {
      answers.set(step.name, plain(await step.run(context)));
    } catch (error) {
      // A step that throws is an answer too: the other server may not throw.
      answers.set(step.name, {
        thrown: normalizeText(
          error instanceof Error ? error.message : String(error),
          context.target.server,
        ),
      });
    }
  }
  return answers;
}
