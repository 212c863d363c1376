import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import { computeSeal } from '@netseal/backstage-plugin-netseal-common';
import { stringify } from 'yaml';
import { LocalGitUrlReader } from '@netseal/backstage-plugin-netseal-backend-module-local-git';
import {
  NO_CLUSTER_FOLDER,
  UrlReaderPolicySourceReader,
} from './UrlReaderPolicySourceReader';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';

function git(cwd: string, ...args: string[]) {
  execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args],
    { cwd },
  );
}

describe('UrlReaderPolicySourceReader', () => {
  let root: string;
  let source: string;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'netseal-source-'));
    source = path.join(root, 'payments');
    fs.mkdirSync(path.join(source, 'prod-eu', 'shop'), { recursive: true });
    git(root, 'init', '-q', '-b', 'main');
    fs.writeFileSync(
      path.join(source, 'prod-eu', 'shop', 'policies.yaml'),
      `# payments' policies\n${stringify(sealed(allowCheckout))}---\n` +
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: unrelated}\n---\n' +
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: bad-port\n  namespace: shop\nspec:\n  podSelector: {}\n  ingress:\n    - ports:\n        - port: 70000\n',
    );
    fs.writeFileSync(
      path.join(source, 'stray.yaml'),
      stringify(sealed(allowCheckout)),
    );
    fs.writeFileSync(path.join(source, 'README.md'), '# payments\n');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'policies');
  });

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const reader = () =>
    new UrlReaderPolicySourceReader(
      UrlReaders.create({
        config: mockServices.rootConfig({
          data: { netseal: { localGitReader: { allow: [root] } } },
        }),
        logger: mockServices.logger.mock(),
        factories: [LocalGitUrlReader.factory],
      }),
    );

  it('groups manifests by their cluster folder, valid ones with their seal', async () => {
    const content = await reader().read(pathToFileURL(source).toString());
    if (content === 'not-modified') throw new Error('expected content');

    const prodEu = content.manifestsByCluster.get('prod-eu') ?? [];
    expect(prodEu).toHaveLength(2);
    expect(prodEu[0]).toMatchObject({
      kind: 'sealed',
      file: 'prod-eu/shop/policies.yaml',
      line: 2,
      seal: computeSeal(allowCheckout),
    });
  });

  it('reports an invalid NetworkPolicy with its file, line and field, never skips it', async () => {
    const content = await reader().read(pathToFileURL(source).toString());
    if (content === 'not-modified') throw new Error('expected content');

    const invalid = content.manifestsByCluster
      .get('prod-eu')
      ?.find(manifest => manifest.kind === 'invalid');
    expect(invalid).toMatchObject({
      name: 'bad-port',
      namespace: 'shop',
      file: 'prod-eu/shop/policies.yaml',
      reason: expect.stringContaining('spec.ingress[0].ports[0].port'),
    });
  });

  it('reports a manifest outside any cluster folder and says where to move it', async () => {
    const content = await reader().read(pathToFileURL(source).toString());
    if (content === 'not-modified') throw new Error('expected content');

    expect(content.manifestsByCluster.get(NO_CLUSTER_FOLDER)).toEqual([
      expect.objectContaining({
        kind: 'invalid',
        reason: expect.stringContaining('move it to <cluster>/stray.yaml'),
      }),
    ]);
  });

  it('costs nothing when the source did not change since its ETag', async () => {
    const url = pathToFileURL(source).toString();
    const first = await reader().read(url);
    if (first === 'not-modified') throw new Error('expected content');

    await expect(reader().read(url, first.etag)).resolves.toBe('not-modified');
  });

  it("reads a request's files as the source holds them now, asking only whether an unchanged source changed", async () => {
    const urlReader = UrlReaders.create({
      config: mockServices.rootConfig({
        data: { netseal: { localGitReader: { allow: [root] } } },
      }),
      logger: mockServices.logger.mock(),
      factories: [LocalGitUrlReader.factory],
    });
    const readTree = jest.spyOn(urlReader, 'readTree');
    const sources = new UrlReaderPolicySourceReader(urlReader);
    const url = pathToFileURL(source).toString();
    const file = 'prod-eu/shop/policies.yaml';

    const first = await sources.readFiles(url, [file, 'prod-eu/none.yaml']);
    expect([...first.keys()]).toEqual([file]);
    expect(first.get(file)).toMatch(/^# payments' policies\n/);

    const again = await sources.readFiles(url, [file]);
    expect(again.get(file)).toBe(first.get(file));
    // The second read named the first one's ETag, and the reader answered not-modified.
    expect(readTree.mock.calls[1][1]?.etag).toEqual(expect.any(String));
    await expect(readTree.mock.results[1].value).rejects.toMatchObject({
      name: 'NotModifiedError',
    });

    fs.writeFileSync(
      path.join(source, 'prod-eu', 'shop', 'policies.yaml'),
      `# edited\n${stringify(sealed(allowCheckout))}`,
    );
    git(root, 'commit', '-q', '-am', 'edit');
    try {
      const changed = await sources.readFiles(url, [file]);
      expect(changed.get(file)).toMatch(/^# edited\n/);
    } finally {
      git(root, 'revert', '--no-edit', 'HEAD');
    }
  });
});
