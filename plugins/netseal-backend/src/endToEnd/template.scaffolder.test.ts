import fs from 'node:fs';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import { parse } from 'yaml';
import { waitFor } from '../clusters/__testUtils__/waitFor';
import { checkoutPodInShop, PAYMENTS } from './__testUtils__/endToEnd';
import {
  allowCheckoutOnPort,
  usePaymentsBackend,
} from './__testUtils__/usePaymentsBackend';

/** The example template, as a platform team registers it in the catalog. */
const templateYaml: Entity = parse(
  fs.readFileSync(
    path.resolve(
      __dirname,
      '../../../../examples/templates/request-networkpolicy-change/template.yaml',
    ),
    'utf8',
  ),
);
const template: Entity = {
  ...templateYaml,
  metadata: { ...templateYaml.metadata, namespace: 'default' },
};

const TEMPLATE_REF = 'template:default/request-networkpolicy-change';

interface ScaffolderTask {
  status: string;
}

describe('the "Request a NetworkPolicy change" template, run by the scaffolder', () => {
  // Bounds for a loaded CI machine, not expectations of speed.
  jest.setTimeout(120_000);

  const { start } = usePaymentsBackend({ clusterExtra: [checkoutPodInShop] });

  // Node's fetch parses an action's answer into arrays of Node's own realm, which the
  // scaffolder's template engine, loaded inside Jest's sandbox, refuses ("Template arrays
  // cannot use a custom prototype"); parsed here, they are the sandbox's, as they are of
  // the one realm in a real backend.
  const nodeJson = Response.prototype.json;
  beforeAll(() => {
    Response.prototype.json = async function json(this: Response) {
      return JSON.parse(await this.text());
    };
  });
  afterAll(() => {
    Response.prototype.json = nodeJson;
  });
  const scaffolder = {
    features: [scaffolderPlugin],
    rootConfig: { backend: { actions: { pluginSources: ['netseal'] } } },
    entities: [template],
  };

  /** Runs the template with these values and waits for its task to end. */
  async function runTemplate(
    server: Parameters<typeof request>[0],
    values: Record<string, unknown>,
  ) {
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .send({ templateRef: TEMPLATE_REF, values });
    expect(created.status).toBe(201);
    const taskPath = `/api/scaffolder/v2/tasks/${created.body.id}`;
    let task: ScaffolderTask | undefined;
    await waitFor(async () => {
      task = (await request(server).get(taskPath)).body;
      return task?.status === 'completed' || task?.status === 'failed';
    }, 'the scaffolder task to end');
    const events: {
      type: string;
      body: { message?: string; output?: Record<string, unknown> };
    }[] = (await request(server).get(`${taskPath}/events`)).body;
    return {
      status: task!.status,
      output: events.find(event => event.type === 'completion')?.body.output,
      log: events.map(event => event.body.message ?? '').join('\n'),
    };
  }

  const values = (port: number) => ({
    entityRef: PAYMENTS,
    op: 'replace',
    cluster: 'prod-eu',
    namespace: 'shop',
    name: 'allow-checkout',
    manifest: allowCheckoutOnPort(port),
    reason: `checkout moved to ${port}`,
  });

  // One backend for both runs: the scaffolder's task worker keeps polling its database
  // for a while after its backend stops, which would fail a second backend's test.
  it('files nothing for a change the preview finds wrong, and files the right one in the name of the person who ran it', async () => {
    const { server } = await start(scaffolder);

    const wrong = await runTemplate(server, {
      ...values(9443),
      manifest: allowCheckoutOnPort(9443).replace('9443', '70000'),
    });
    expect(wrong.status).toBe('completed');
    expect(wrong.log).toContain('Skipping step request');
    expect(JSON.stringify(wrong.output)).toMatch(/ports\[0\]\.port/);
    expect(
      (await request(server).get('/api/netseal/requests')).body.totalCount,
    ).toBe(0);

    const right = await runTemplate(server, values(9443));
    expect(right.status).toBe('completed');
    expect(right.log).toContain('Finished step File the replacement request');
    const listed = await request(server).get('/api/netseal/requests');
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        entityRef: PAYMENTS,
        state: 'open',
        reason: 'checkout moved to 9443',
        // The identity that started the task: the scaffolder acts as its initiator.
        requester: 'user:default/mock',
        branch: expect.stringMatching(/^netseal\/request-/),
      }),
    ]);
  });
});
