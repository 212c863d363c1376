import { isResourcePermission } from '@backstage/plugin-permission-common';
import { netsealPermissions, netsealPolicyReadPermission } from './permissions';

describe('Netseal permissions', () => {
  // Permission policies match on these names; renaming one silently changes who may act.
  it('names the read permission netseal.policy.read, on catalog entities', () => {
    expect(netsealPolicyReadPermission.name).toBe('netseal.policy.read');
    expect(
      isResourcePermission(netsealPolicyReadPermission, 'catalog-entity'),
    ).toBe(true);
    expect(netsealPolicyReadPermission.attributes).toEqual({ action: 'read' });
  });

  it('lists every permission for the permissions registry', () => {
    expect(netsealPermissions.map(p => p.name)).toEqual([
      'netseal.policy.read',
    ]);
  });
});
