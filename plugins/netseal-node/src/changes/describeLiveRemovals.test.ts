import { describeLiveRemovals } from './describeLiveRemovals';
import { resolveChangeFiles } from './resolveChangeFilePath';

const removal = {
  cluster: 'prod-eu',
  namespace: 'shop',
  name: 'allow-all',
  uid: '5b1f',
  resourceVersion: '42',
  digest: 'sha256:abc',
};

describe('describeLiveRemovals', () => {
  it('names each removed object with the uid, resourceVersion and digest it was filed against', () => {
    expect(describeLiveRemovals([removal]).split('\n')).toEqual([
      'Removes live NetworkPolicies that Git never held (no file changes):',
      'Netseal-Live-Removal: cluster=prod-eu namespace=shop name=allow-all uid=5b1f resourceVersion=42 digest=sha256:abc',
    ]);
  });

  it('says nothing when the change removes no live-only object', () => {
    expect(describeLiveRemovals(undefined)).toBe('');
    expect(describeLiveRemovals([])).toBe('');
  });
});

describe('resolveChangeFiles', () => {
  it('refuses a change that writes no file and removes no live object, naming both fields', () => {
    expect(() => resolveChangeFiles('', [])).toThrow(
      /files is empty; .*liveRemovals/,
    );
  });

  it('accepts a change that writes no file when it removes a live object Git never held', () => {
    expect(resolveChangeFiles('policies', [], [removal])).toEqual([]);
  });
});
