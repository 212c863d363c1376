import { parse } from 'yaml';
import { SEAL_ANNOTATION, SEALED_LABEL } from '../constants';
import { checkSeal } from '../seal/checkSeal';
import {
  allowFrontendText,
  paymentsContext,
  sealedAllowFrontend,
} from './__fixtures__/requestManifests';
import { RequestChange } from './RequestChange';
import { validateRequestChanges } from './validateRequestChanges';

const replaceText = allowFrontendText.replace('port: 8080', 'port: 8443');
const replace: RequestChange = {
  op: 'replace',
  cluster: 'prod',
  namespace: 'payments',
  name: 'allow-frontend',
  manifest: replaceText,
};
const add: RequestChange = {
  op: 'add',
  cluster: 'staging',
  namespace: 'payments',
  name: 'allow-frontend',
  manifest: allowFrontendText,
};

function aliasBomb(): string {
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const previous = String.fromCharCode(96 + i);
    const next = String.fromCharCode(97 + i);
    levels.push(
      `${next}: &${next} [${Array(9).fill(`*${previous}`).join(',')}]`,
    );
  }
  return `${allowFrontendText}${levels.join('\n')}\n`;
}

describe('validateRequestChanges with valid changes', () => {
  it('reseals a replaced policy, keeping its comments, with the old and new seal', () => {
    const result = validateRequestChanges([replace], paymentsContext);

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [change] = result.changes;
    expect(change.oldSeal).toBe(
      sealedAllowFrontend.metadata.annotations?.[SEAL_ANNOTATION],
    );
    expect(change.newSeal).not.toBe(change.oldSeal);
    expect(change.text).toContain(
      '# Lets the storefront reach the payments API.',
    );
    expect(change.text).toContain('app: payments-api # the API pods only');
    const reread = parse(change.text ?? '');
    expect(reread.metadata.labels[SEALED_LABEL]).toBe('true');
    expect(reread.metadata.annotations[SEAL_ANNOTATION]).toBe(change.newSeal);
    expect(checkSeal(reread).state).toBe('sealed');
    expect(change.policy).toEqual(reread);
  });

  it('adds a policy to another target cluster and removes a sealed one', () => {
    const result = validateRequestChanges(
      [
        add,
        {
          op: 'remove',
          cluster: 'prod',
          namespace: 'payments',
          name: 'allow-frontend',
        },
      ],
      paymentsContext,
    );

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [added, removed] = result.changes;
    expect(added.newSeal).toEqual(expect.any(String));
    expect(added.oldSeal).toBeUndefined();
    expect(removed.oldSeal).toBe(
      sealedAllowFrontend.metadata.annotations?.[SEAL_ANNOTATION],
    );
    expect(removed.text).toBeUndefined();
  });

  it('removes a live-only policy, which has no seal to name', () => {
    const removal: RequestChange = {
      op: 'remove',
      cluster: 'prod',
      namespace: 'payments',
      name: 'allow-everything',
    };
    const result = validateRequestChanges([removal], {
      ...paymentsContext,
      liveOnly: [
        { cluster: 'prod', namespace: 'payments', name: 'allow-everything' },
      ],
    });

    expect(result).toEqual({ ok: true, changes: [removal] });
  });

  it('replaces a stale seal in the manifest instead of refusing it', () => {
    const result = validateRequestChanges(
      [
        {
          ...replace,
          manifest: replaceText.replace(
            'metadata:\n',
            `metadata:\n  annotations:\n    ${SEAL_ANNOTATION}: old\n`,
          ),
        },
      ],
      paymentsContext,
    );

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(checkSeal(parse(result.changes[0].text ?? '')).state).toBe('sealed');
  });
});

describe('validateRequestChanges refuses bad input, naming the field and the fix', () => {
  const cases: Array<{
    input: string;
    changes: RequestChange[];
    field: string;
    fix: RegExp;
  }> = [
    {
      input: 'malformed YAML',
      changes: [{ ...replace, manifest: 'kind: [NetworkPolicy\n' }],
      field: 'changes[0].manifest',
      fix: /not valid YAML.*correct the YAML syntax/,
    },
    {
      input: 'duplicate keys',
      changes: [{ ...replace, manifest: `${replaceText}kind: Service\n` }],
      field: 'changes[0].manifest',
      fix: /unique.*correct the YAML syntax/,
    },
    {
      input: 'a wrong kind',
      changes: [
        {
          ...replace,
          manifest: replaceText.replace('kind: NetworkPolicy', 'kind: Service'),
        },
      ],
      field: 'changes[0].manifest: kind',
      fix: /must be "NetworkPolicy"/,
    },
    {
      input: 'a wrong apiVersion',
      changes: [
        {
          ...replace,
          manifest: replaceText.replace('networking.k8s.io/v1', 'v1'),
        },
      ],
      field: 'changes[0].manifest: apiVersion',
      fix: /must be "networking.k8s.io\/v1"/,
    },
    {
      input: 'a cluster the entity does not target',
      changes: [{ ...add, cluster: 'dev' }],
      field: 'changes[0].cluster',
      fix: /choose one of "prod", "staging"/,
    },
    {
      input: 'a namespace the entity does not target',
      changes: [
        {
          ...add,
          namespace: 'billing',
          manifest: allowFrontendText.replace(
            'namespace: payments',
            'namespace: billing',
          ),
        },
      ],
      field: 'changes[0].namespace',
      fix: /choose one of "payments"/,
    },
    {
      input: "a manifest namespace other than the change's",
      changes: [
        {
          ...replace,
          manifest: replaceText.replace(
            'namespace: payments',
            'namespace: billing',
          ),
        },
      ],
      field: 'changes[0].manifest: metadata.namespace',
      fix: /set it to "payments"/,
    },
    {
      input: "a manifest name other than the change's",
      changes: [
        {
          ...replace,
          manifest: replaceText.replace(
            'name: allow-frontend',
            'name: allow-all',
          ),
        },
      ],
      field: 'changes[0].manifest: metadata.name',
      fix: /make them the same/,
    },
    {
      input: 'an add of an existing name',
      changes: [{ ...add, cluster: 'prod' }],
      field: 'changes[0].name',
      fix: /already exists; replace it instead, or choose another name/,
    },
    {
      input: 'two changes to the same policy',
      changes: [replace, { ...replace, op: 'remove', manifest: undefined }],
      field: 'changes[1].name',
      fix: /changes\[0\] already changes this policy; combine them/,
    },
    {
      input: 'a replace that changes nothing',
      changes: [{ ...replace, manifest: allowFrontendText }],
      field: 'changes[0].manifest',
      fix: /changes nothing; edit the policy, or drop the change/,
    },
    {
      input: 'an oversized manifest',
      changes: [
        { ...replace, manifest: `${replaceText}#${'x'.repeat(256 * 1024)}\n` },
      ],
      field: 'changes[0].manifest',
      fix: /larger than 256 KiB.*split it/,
    },
    {
      input: 'a manifest oversized only in UTF-8 bytes',
      changes: [
        { ...replace, manifest: `${replaceText}#${'é'.repeat(130 * 1024)}\n` },
      ],
      field: 'changes[0].manifest',
      fix: /larger than 256 KiB/,
    },
    {
      input: 'a YAML alias bomb',
      changes: [{ ...replace, manifest: aliasBomb() }],
      field: 'changes[0].manifest',
      fix: /alias.*write the values out/,
    },
    {
      input: 'deeply nested flow collections',
      changes: [
        {
          ...replace,
          manifest: `${replaceText}x: ${'['.repeat(300)}${']'.repeat(300)}\n`,
        },
      ],
      field: 'changes[0].manifest',
      fix: /nest more than 256 deep.*block style/,
    },
    {
      input: 'path injection in a name',
      changes: [{ ...add, name: '../../etc/passwd' }],
      field: 'changes[0].name',
      fix: /RFC 1123 subdomain/,
    },
    {
      input: 'a branch-name injection in a name',
      changes: [{ ...add, name: 'allow frontend\n~^:' }],
      field: 'changes[0].name',
      fix: /RFC 1123 subdomain/,
    },
    {
      input: 'path injection in a cluster',
      changes: [{ ...add, cluster: 'prod/../staging' }],
      field: 'changes[0].cluster',
      fix: /without '\.\.'/,
    },
    {
      input: "'..' in a cluster",
      changes: [{ ...add, cluster: 'prod..eu' }],
      field: 'changes[0].cluster',
      fix: /without '\.\.'/,
    },
    {
      input: 'a control character in a cluster',
      changes: [{ ...add, cluster: 'prod\u0000' }],
      field: 'changes[0].cluster',
      fix: /letters, digits/,
    },
    {
      input: 'an invalid namespace',
      changes: [{ ...add, namespace: 'Payments ' }],
      field: 'changes[0].namespace',
      fix: /RFC 1123 label/,
    },
    {
      input: 'an invalid policy field',
      changes: [
        {
          ...replace,
          manifest: replaceText.replace('port: 8443', 'port: 70000'),
        },
      ],
      field: 'changes[0].manifest: spec.ingress[0].ports[0].port',
      fix: /65535/,
    },
    {
      input: 'a remove of a policy that does not exist',
      changes: [
        {
          op: 'remove',
          cluster: 'staging',
          namespace: 'payments',
          name: 'allow-frontend',
        },
      ],
      field: 'changes[0].name',
      fix: /no sealed policy .* to remove, nor a live-only one; choose one of the entity's sealed or live-only policies/,
    },
    {
      input: 'a replace of a policy that does not exist',
      changes: [{ ...replace, cluster: 'staging' }],
      field: 'changes[0].name',
      fix: /to replace; add it instead/,
    },
    {
      input: 'a remove that carries a manifest',
      changes: [{ ...replace, op: 'remove' }],
      field: 'changes[0].manifest',
      fix: /must be left out/,
    },
    {
      input: 'an add without a manifest',
      changes: [{ ...add, manifest: undefined }],
      field: 'changes[0].manifest',
      fix: /is required for "add": write the NetworkPolicy's YAML/,
    },
    {
      input: 'an empty manifest',
      changes: [{ ...add, manifest: '# nothing yet\n' }],
      field: 'changes[0].manifest',
      fix: /is empty; write the NetworkPolicy manifest/,
    },
    {
      input: 'two policies in one manifest',
      changes: [
        { ...add, manifest: `${allowFrontendText}---\n${allowFrontendText}` },
      ],
      field: 'changes[0].manifest',
      fix: /2 YAML documents; give each policy its own change/,
    },
    {
      input: 'a value YAML readers disagree on',
      changes: [
        {
          ...add,
          manifest: allowFrontendText.replace('app: storefront', 'app: yes'),
        },
      ],
      field:
        'changes[0].manifest: spec.ingress[0].from[0].podSelector.matchLabels.app',
      fix: /quote it/,
    },
    {
      input: 'an unknown op',
      changes: [{ ...add, op: 'rename' as RequestChange['op'] }],
      field: 'changes[0].op',
      fix: /must be "replace", "add" or "remove"/,
    },
    {
      input: 'no changes',
      changes: [],
      field: 'changes',
      fix: /at least one change/,
    },
    {
      input: 'too many changes',
      changes: Array.from({ length: 65 }, (_, index) => ({
        ...add,
        name: `policy-${index}`,
      })),
      field: 'changes',
      fix: /more than the 64 one request may hold; split it into several requests/,
    },
  ];

  it.each(cases)('$input', ({ changes, field, fix }) => {
    const result = validateRequestChanges(changes, paymentsContext);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toContainEqual({
      field,
      message: expect.stringMatching(fix),
    });
  });

  it('reports every bad change of a request, not just the first', () => {
    const result = validateRequestChanges(
      [
        { ...add, cluster: 'dev' },
        { ...replace, manifest: 'kind: [\n' },
      ],
      paymentsContext,
    );

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(problem => problem.field)).toEqual([
      'changes[0].cluster',
      'changes[1].manifest',
    ]);
  });
});
