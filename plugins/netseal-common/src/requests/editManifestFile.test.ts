import { editManifestFile, findManifestDocument } from './editManifestFile';

const policy = (name: string, comment = '') =>
  `${comment}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: shop
spec:
  podSelector: {}
`;

const threePolicies = [
  policy('first', '# The first policy.\n'),
  `---\n${policy('second', '# The second policy.\n')}`,
  `---\n${policy('third')}`,
].join('');

describe('editManifestFile', () => {
  it('replaces only the edited policy of a file with several, keeping the others as written', () => {
    const edit = editManifestFile({
      file: 'prod/shop.yaml',
      text: threePolicies,
      namespace: 'shop',
      name: 'second',
      newText: policy('second', '# Edited.\n'),
    });

    expect(edit).toEqual({
      text: [
        policy('first', '# The first policy.\n'),
        `---\n${policy('second', '# Edited.\n')}`,
        `---\n${policy('third')}`,
      ].join(''),
      oldDocument: policy('second', '# The second policy.\n'),
    });
  });

  it('replaces the first document with its leading comment', () => {
    const edit = editManifestFile({
      file: 'prod/shop.yaml',
      text: threePolicies,
      namespace: 'shop',
      name: 'first',
      newText: policy('first'),
    });

    expect('text' in edit && edit.text).toBe(
      [
        policy('first'),
        `---\n${policy('second', '# The second policy.\n')}`,
        `---\n${policy('third')}`,
      ].join(''),
    );
  });

  it('removes one policy of several and keeps the rest, and deletes a file left empty', () => {
    const middle = editManifestFile({
      file: 'prod/shop.yaml',
      text: threePolicies,
      namespace: 'shop',
      name: 'second',
      newText: null,
    });
    expect(middle).toEqual({
      text: [
        policy('first', '# The first policy.\n'),
        `---\n${policy('third')}`,
      ].join(''),
      oldDocument: policy('second', '# The second policy.\n'),
    });

    const only = editManifestFile({
      file: 'prod/first.yaml',
      text: policy('first', '# The only one.\n'),
      namespace: 'shop',
      name: 'first',
      newText: null,
    });
    expect(only).toEqual({
      text: null,
      oldDocument: policy('first', '# The only one.\n'),
    });
  });

  it('removes the first document and leaves a file that still reads', () => {
    const edit = editManifestFile({
      file: 'prod/shop.yaml',
      text: threePolicies,
      namespace: 'shop',
      name: 'first',
      newText: null,
    });
    expect(edit).toEqual({
      text: [
        `---\n${policy('second', '# The second policy.\n')}`,
        `---\n${policy('third')}`,
      ].join(''),
      oldDocument: policy('first', '# The first policy.\n'),
    });
  });

  it('writes a new file, or appends a new document to a file that exists', () => {
    expect(
      editManifestFile({
        file: 'prod/new.yaml',
        text: undefined,
        namespace: 'shop',
        name: 'new',
        newText: policy('new').trimEnd(),
      }),
    ).toEqual({ text: policy('new') });
    expect(
      editManifestFile({
        file: 'prod/first.yaml',
        text: policy('first'),
        namespace: 'shop',
        name: 'new',
        newText: policy('new'),
      }),
    ).toEqual({ text: `${policy('first')}---\n${policy('new')}` });
  });

  it('refuses, saying what to do, a policy gone from its file, a List item and a file that does not read', () => {
    expect(
      editManifestFile({
        file: 'prod/shop.yaml',
        text: threePolicies,
        namespace: 'shop',
        name: 'fourth',
        newText: null,
      }),
    ).toEqual({
      problem:
        'prod/shop.yaml no longer holds shop/fourth; the policy source changed since it was read, so refresh and request again',
    });
    const list = `apiVersion: v1
kind: List
items:
  - ${policy('listed').trimEnd().replace(/\n/g, '\n    ')}
`;
    expect(
      editManifestFile({
        file: 'prod/list.yaml',
        text: list,
        namespace: 'shop',
        name: 'listed',
        newText: policy('listed'),
      }),
    ).toEqual({
      problem:
        'shop/listed is an item of a List in prod/list.yaml; Netseal edits whole documents, so move the policy into a document of its own',
    });
    const broken = editManifestFile({
      file: 'prod/broken.yaml',
      text: 'a: [1, 2\n',
      namespace: 'shop',
      name: 'x',
      newText: null,
    });
    expect('problem' in broken && broken.problem).toMatch(
      /^prod\/broken\.yaml cannot be read \(.+\); fix the file in Git first$/,
    );
  });

  it("finds a policy's document as written, comment included, without its separator", () => {
    expect(
      findManifestDocument({
        file: 'prod/shop.yaml',
        text: threePolicies,
        namespace: 'shop',
        name: 'second',
      }),
    ).toEqual({ document: policy('second', '# The second policy.\n') });
  });
});
