import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockCredentials } from '@backstage/backend-test-utils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import request from 'supertest';
import { checkoutPodInShop, PAYMENTS } from './__testUtils__/endToEnd';
import {
  allowCheckoutOnPort,
  denyingPermission,
  usePaymentsBackend,
} from './__testUtils__/usePaymentsBackend';

const GUEST = 'user:default/guest';

/** An MCP client of the backend's MCP actions server, as the given user or service. */
async function connectMcpClient(
  server: Server,
  authorization: string,
): Promise<Client> {
  const { port } = server.address() as AddressInfo;
  const client = new Client({ name: 'netseal-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(
      new URL(`http://127.0.0.1:${port}/api/mcp-actions/v1`),
      { requestInit: { headers: { authorization } } },
    ),
  );
  return client;
}

/** The text of a tool's answer: its JSON output, or its error. */
function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  const [first] = result.content as { type: string; text: string }[];
  return first.text;
}

const replaceChange = (port: number) => ({
  op: 'replace',
  cluster: 'prod-eu',
  namespace: 'shop',
  name: 'allow-checkout',
  manifest: allowCheckoutOnPort(port),
});

describe("Netseal's actions, through the MCP actions server and a real MCP client", () => {
  // Bounds for a loaded CI machine, not expectations of speed.
  jest.setTimeout(90_000);

  // The checkout pod makes the preview's access changes real flows.
  const { start } = usePaymentsBackend({ clusterExtra: [checkoutPodInShop] });
  const mcpFeatures = {
    features: [mcpActionsPlugin],
    rootConfig: { backend: { actions: { pluginSources: ['netseal'] } } },
  };
  let client: Client | undefined;

  afterEach(async () => {
    await client?.close();
    client = undefined;
  });

  it('lists the four actions with truthful attributes, and nothing that approves, merges or rolls out', async () => {
    const { server } = await start(mcpFeatures);
    client = await connectMcpClient(server, mockCredentials.user.header(GUEST));

    const { tools } = await client.listTools();
    const netseal = tools.filter(tool => tool.name.startsWith('netseal.'));
    expect(
      Object.fromEntries(
        netseal.map(tool => [
          tool.name,
          {
            readOnly: tool.annotations?.readOnlyHint,
            destructive: tool.annotations?.destructiveHint,
            idempotent: tool.annotations?.idempotentHint,
          },
        ]),
      ),
    ).toEqual({
      'netseal.get-policy-status': {
        readOnly: true,
        destructive: false,
        idempotent: true,
      },
      'netseal.explain-access': {
        readOnly: true,
        destructive: false,
        idempotent: true,
      },
      'netseal.preview-change': {
        readOnly: true,
        destructive: false,
        idempotent: true,
      },
      // It files a request and opens a pull request, but removes nothing, and the same
      // key files nothing twice.
      'netseal.create-request': {
        readOnly: false,
        destructive: false,
        idempotent: true,
      },
    });
    expect(
      netseal.find(tool => tool.name === 'netseal.create-request')?.inputSchema
        .required,
    ).toEqual(['entityRef', 'reason', 'changes', 'idempotencyKey']);
  });

  it('calls each action as the guest: status, access, a preview, and a request filed once for one key', async () => {
    const { server } = await start(mcpFeatures);
    client = await connectMcpClient(server, mockCredentials.user.header(GUEST));

    const status = await client.callTool({
      name: 'netseal.get-policy-status',
      arguments: { entityRef: PAYMENTS },
    });
    expect(status.isError).toBeFalsy();
    expect(status.structuredContent).toMatchObject({
      entityRef: PAYMENTS,
      worstStatus: 'in-sync',
      clusters: [
        {
          cluster: 'prod-eu',
          policies: [
            {
              namespace: 'shop',
              name: 'allow-checkout',
              status: 'in-sync',
              seal: expect.stringMatching(/^sha256:/),
            },
          ],
        },
      ],
    });

    const access = await client.callTool({
      name: 'netseal.explain-access',
      arguments: { entityRef: PAYMENTS },
    });
    expect(access.structuredContent).toMatchObject({
      clusters: [
        {
          cluster: 'prod-eu',
          pods: 'pods backstage.io/kubernetes-id=payments',
          ingress: [
            expect.stringMatching(/^Ingress is isolated/),
            'Pods app=checkout in namespace shop may connect to pods backstage.io/kubernetes-id=payments on TCP 8443 (allowed by shop/allow-checkout).',
          ],
        },
      ],
    });

    const preview = await client.callTool({
      name: 'netseal.preview-change',
      arguments: { entityRef: PAYMENTS, changes: [replaceChange(9443)] },
    });
    expect(preview.structuredContent).toMatchObject({
      ok: true,
      changes: [
        {
          op: 'replace',
          oldSeal: expect.stringMatching(/^sha256:/),
          newSeal: expect.stringMatching(/^sha256:/),
          diff: expect.arrayContaining(['-        - port: 8443']),
        },
      ],
      accessChanges: [
        {
          cluster: 'prod-eu',
          openedFlows: 1,
          closedFlows: 1,
        },
      ],
    });

    const file = () =>
      client!.callTool({
        name: 'netseal.create-request',
        arguments: {
          entityRef: PAYMENTS,
          reason: 'checkout moved to 9443',
          changes: [replaceChange(9443)],
          idempotencyKey: 'agent-run-1',
        },
      });
    const first = await file();
    expect(first.isError).toBeFalsy();
    expect(first.structuredContent).toMatchObject({
      entityRef: PAYMENTS,
      state: 'open',
      created: true,
    });
    const again = await file();
    expect(again.structuredContent).toMatchObject({
      id: (first.structuredContent as { id: string }).id,
      created: false,
    });
  });

  it('refuses a caller without the permission, naming it, and files nothing', async () => {
    const { server } = await start({
      ...mcpFeatures,
      features: [
        ...mcpFeatures.features,
        denyingPermission('netseal.request.create'),
      ],
    });
    client = await connectMcpClient(server, mockCredentials.user.header(GUEST));

    const status = await client.callTool({
      name: 'netseal.get-policy-status',
      arguments: { entityRef: PAYMENTS },
    });
    expect(status.isError).toBeFalsy();
    for (const [name, extra] of [
      ['netseal.preview-change', {}],
      [
        'netseal.create-request',
        { reason: 'checkout moved', idempotencyKey: 'agent-run-2' },
      ],
    ] as const) {
      const refused = await client.callTool({
        name,
        arguments: {
          entityRef: PAYMENTS,
          changes: [replaceChange(9443)],
          ...extra,
        },
      });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toBe(
        `NotAllowedError: You may not request changes to the network policies of ${PAYMENTS} (permission netseal.request.create)`,
      );
    }
    const requests = await request(server).get('/api/netseal/requests');
    expect(requests.body.totalCount).toBe(0);
  });

  it('refuses to file a request for a service, which is no person to hold to the four-eyes rule', async () => {
    const { server } = await start(mcpFeatures);
    client = await connectMcpClient(server, mockCredentials.service.header());
    const refused = await client.callTool({
      name: 'netseal.create-request',
      arguments: {
        entityRef: PAYMENTS,
        reason: 'checkout moved',
        changes: [replaceChange(9443)],
        idempotencyKey: 'agent-run-3',
      },
    });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(
      /^NotAllowedError: netseal:create-request files a request in a person's name/,
    );
  });
});
