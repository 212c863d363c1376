import { readFileSync } from 'node:fs';
import * as k8s from '@kubernetes/client-node';
import { seedRealKubernetes } from './seedRealKubernetes';

const usage = `Usage: seed-real-kubernetes --kubeconfig <file> --seed <file> [--context <name>]

Creates the objects of a Kubernetes API test server seed (a kind: List or YAML documents)
in a real cluster, pods' seeded status included. The context defaults to the kubeconfig's
current one, which needs the rights to create them (scripts/real-kubernetes.sh: admin).
`;

/** The command line of bin/seed-real-kubernetes. */
export async function main(argv: string[]): Promise<void> {
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    if (!['kubeconfig', 'seed', 'context'].includes(name) || !argv[i + 1]) {
      process.stderr.write(
        `seed-real-kubernetes: unknown or incomplete option "${argv[i]}"\n\n${usage}`,
      );
      process.exitCode = 2;
      return;
    }
    options[name] = argv[i + 1];
  }
  if (!options.kubeconfig || !options.seed) {
    process.stderr.write(
      `seed-real-kubernetes: --kubeconfig and --seed are required\n\n${usage}`,
    );
    process.exitCode = 2;
    return;
  }
  const config = new k8s.KubeConfig();
  config.loadFromFile(options.kubeconfig);
  if (options.context) config.setCurrentContext(options.context);
  try {
    const written = await seedRealKubernetes(
      config,
      readFileSync(options.seed, 'utf8'),
      options.seed,
    );
    process.stdout.write(
      `seeded ${written.length} objects from ${options.seed}\n`,
    );
  } catch (error) {
    process.stderr.write(
      `seed-real-kubernetes: ${
        error instanceof Error ? error.message : String(error)
      }\n`,
    );
    process.exitCode = 1;
  }
}
