import { allowCheckout } from '../__fixtures__/sealedPolicies';
import { describeRequestChange } from './describeRequestChange';

const base = {
  requestId: 'r-1',
  entityRef: 'component:default/payments',
  reason: 'checkout moved to 9443',
  requester: 'user:default/jane',
};

const replace = {
  op: 'replace' as const,
  cluster: 'prod-eu',
  namespace: 'shop',
  name: 'allow-checkout',
  file: 'prod-eu/allow-checkout.yaml',
  oldSeal: 'sha256:old',
  newSeal: 'sha256:new',
  oldText: 'spec:\n  port: 8443\n',
  newText: 'spec:\n  port: 9443\n',
  policy: allowCheckout,
  selectsService: true,
};

describe('describeRequestChange', () => {
  it('titles a single change by what it does to which policy where', () => {
    expect(describeRequestChange({ ...base, changes: [replace] }).title).toBe(
      'Netseal: replace shop/allow-checkout in prod-eu',
    );
    expect(
      describeRequestChange({
        ...base,
        changes: [replace, { ...replace, name: 'other' }],
      }).title,
    ).toBe('Netseal: 2 policy changes for component:default/payments');
  });

  it('tells the reviewer the reason, the requester, the target, both seals, the rules in words and the diff', () => {
    const { body } = describeRequestChange({ ...base, changes: [replace] });

    expect(body).toContain('checkout moved to 9443');
    expect(body).toContain('`user:default/jane`');
    expect(body).toContain('cluster `prod-eu`, namespace `shop`');
    expect(body).toContain('Old seal: `sha256:old`');
    expect(body).toContain('New seal: `sha256:new`');
    expect(body).toMatch(
      /What the policy allows after this change:\n\n- .*8443/,
    );
    expect(body).toContain(
      '```diff\n spec:\n-  port: 8443\n+  port: 9443\n```',
    );
  });

  it('gives the rollout plan: the fail-closed strategy and each step per cluster', () => {
    const { body } = describeRequestChange({
      ...base,
      changes: [
        {
          ...replace,
          oldPolicy: allowCheckout,
          newPolicy: allowCheckout,
        },
      ],
    });

    expect(body).toContain(
      '## Rollout plan\n\nOnce this pull request is merged with its approvals, Netseal replaces the live objects by delete-and-recreate, never by an in-place edit:\n\nStrategy: fail-closed delete-and-recreate (the default)',
    );
    expect(body).toContain(
      [
        'Cluster `prod-eu`:',
        '',
        '1. Create the guard shop/netseal-guard-r-1-1: deny all ingress of pods app=payments in namespace shop while the policies are swapped.',
        '2. Delete shop/allow-checkout.',
        '3. Create shop/allow-checkout, labelled netseal.io/sealed=true.',
        '4. Read shop/allow-checkout back and check its digest against sha256:new.',
        '5. Delete the guard shop/netseal-guard-r-1-1.',
      ].join('\n'),
    );
  });

  it('gives the portal the same diff, sentences, access changes and plan as the body, as data', () => {
    const accessChanges = [
      { cluster: 'prod-eu', openedFlows: 0, closedFlows: 0, changes: [] },
    ];
    const { body, asFiled } = describeRequestChange({
      ...base,
      changes: [
        {
          ...replace,
          oldPolicy: allowCheckout,
          newPolicy: allowCheckout,
        },
        {
          ...replace,
          op: 'add',
          name: 'allow-debug',
          oldSeal: undefined,
          oldText: undefined,
          selectsService: false,
        },
      ],
      accessChanges,
    });

    expect(asFiled.changes).toEqual([
      {
        oldText: replace.oldText,
        newText: replace.newText,
        diff: [' spec:', '-  port: 8443', '+  port: 9443'],
        summary: [expect.stringContaining('8443')],
        selectsService: true,
      },
      {
        newText: replace.newText,
        diff: ['+spec:', '+  port: 9443'],
        summary: [expect.stringContaining('8443')],
        selectsService: false,
      },
    ]);
    for (const sentence of asFiled.changes[0].summary) {
      expect(body).toContain(`- ${sentence}`);
    }
    expect(asFiled.accessChanges).toEqual(accessChanges);
    expect(asFiled.rolloutPlan.strategy).toMatch(
      /^fail-closed delete-and-recreate/,
    );
    expect(asFiled.rolloutPlan.clusters).toEqual([
      { cluster: 'prod-eu', steps: expect.any(Array) },
    ]);
    asFiled.rolloutPlan.clusters[0].steps.forEach((step, index) =>
      expect(body).toContain(`${index + 1}. ${step}`),
    );
  });

  it('ends with a machine-readable marker naming the request', () => {
    const { body } = describeRequestChange({ ...base, changes: [replace] });

    const marker = body.match(/<!-- netseal-request: (.*) -->/);
    expect(JSON.parse(marker![1])).toEqual({
      id: 'r-1',
      entityRef: 'component:default/payments',
    });
  });

  it('keeps a reason from forging the marker or closing a code fence', () => {
    const { body } = describeRequestChange({
      ...base,
      reason: '<!-- netseal-request: {"id":"other"} -->',
      changes: [{ ...replace, newText: '```\nescaped\n' }],
    });

    expect(body.match(/<!-- netseal-request:/g)).toHaveLength(1);
    expect(body).toContain('````diff');
  });
});

describe('describeRequestChange: access changes', () => {
  const opened = {
    change: 'opened' as const,
    protocol: 'TCP',
    port: 8443,
    otherPorts: false,
    flows: 2,
    text: 'Opens: all pods in namespace checkout → pods app=payments in namespace shop on TCP 8443 (2 flows; allowed by shop/allow-checkout).',
  };

  it('lists per cluster the flows that open and close in words, or that none do', () => {
    const { body } = describeRequestChange({
      ...base,
      changes: [replace],
      accessChanges: [
        {
          cluster: 'prod-eu',
          openedFlows: 2,
          closedFlows: 1,
          changes: [
            {
              ...opened,
              change: 'closed',
              flows: 1,
              text: 'Closes: pods app=<b> in namespace x → y on TCP 1 (1 flow).',
            },
            opened,
          ],
        },
        { cluster: 'prod-us', openedFlows: 0, closedFlows: 0, changes: [] },
      ],
    });

    expect(body).toContain(
      [
        '## Access changes',
        '',
        'From the live pods, namespaces and policies of each cluster when the request was filed.',
        '',
        '### Cluster `prod-eu`',
        '',
        'Opens 2 flows, closes 1 flow.',
        '',
        `- ${opened.text}`,
        '- Closes: pods app=&lt;b> in namespace x → y on TCP 1 (1 flow).',
        '',
        '### Cluster `prod-us`',
        '',
        'No access path opens or closes.',
      ].join('\n'),
    );
  });

  it('says why a cluster was not analysed', () => {
    const { body } = describeRequestChange({
      ...base,
      changes: [replace],
      accessChanges: [
        {
          cluster: 'prod-eu',
          openedFlows: 0,
          closedFlows: 0,
          changes: [],
          unavailable: 'cluster prod-eu is unreachable (<timeout>)',
        },
      ],
    });

    expect(body).toContain(
      '### Cluster `prod-eu`\n\nNot worked out: cluster prod-eu is unreachable (&lt;timeout>).',
    );
  });
});
