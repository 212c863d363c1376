import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  netsealPermissions,
  netsealPolicyReadPermission,
  netsealRequestCreatePermission,
  netsealRequestReviewPermission,
  netsealRolloutExecutePermission,
  netsealGuardManagePermission,
  netsealPolicyRestorePermission,
  netsealComplianceReadPermission,
} from './permissions';

describe('Netseal permissions', () => {
  // Permission policies match on these names; renaming one silently changes who may act.
  it('names the read permission netseal.policy.read, on catalog entities', () => {
    expect(netsealPolicyReadPermission.name).toBe('netseal.policy.read');
    expect(
      isResourcePermission(netsealPolicyReadPermission, 'catalog-entity'),
    ).toBe(true);
    expect(netsealPolicyReadPermission.attributes).toEqual({ action: 'read' });
  });

  // On catalog entities, so the catalog's isEntityOwner rule can restrict them to owners.
  it('names the request permissions netseal.request.create and netseal.request.review, on catalog entities', () => {
    expect(netsealRequestCreatePermission.name).toBe('netseal.request.create');
    expect(netsealRequestReviewPermission.name).toBe('netseal.request.review');
    for (const permission of [
      netsealRequestCreatePermission,
      netsealRequestReviewPermission,
    ]) {
      expect(isResourcePermission(permission, 'catalog-entity')).toBe(true);
    }
    expect(netsealRequestCreatePermission.attributes).toEqual({
      action: 'create',
    });
  });

  it('names the rollout permission netseal.rollout.execute, an update of catalog entities', () => {
    expect(netsealRolloutExecutePermission.name).toBe(
      'netseal.rollout.execute',
    );
    expect(
      isResourcePermission(netsealRolloutExecutePermission, 'catalog-entity'),
    ).toBe(true);
    expect(netsealRolloutExecutePermission.attributes).toEqual({
      action: 'update',
    });
  });

  it('names the guard permission netseal.guard.manage, a basic permission', () => {
    expect(netsealGuardManagePermission.name).toBe('netseal.guard.manage');
    expect(netsealGuardManagePermission.type).toBe('basic');
  });

  // No review precedes a restore (its sealed version was reviewed when merged), so who
  // may restore is decided by this permission alone, per entity like the others.
  it('names the restore permission netseal.policy.restore, an update of catalog entities', () => {
    expect(netsealPolicyRestorePermission.name).toBe('netseal.policy.restore');
    expect(
      isResourcePermission(netsealPolicyRestorePermission, 'catalog-entity'),
    ).toBe(true);
    expect(netsealPolicyRestorePermission.attributes).toEqual({
      action: 'update',
    });
  });

  // The report spans every entity, so it is not granted per entity.
  it('names the compliance permission netseal.compliance.read, a basic read permission', () => {
    expect(netsealComplianceReadPermission.name).toBe(
      'netseal.compliance.read',
    );
    expect(netsealComplianceReadPermission.type).toBe('basic');
    expect(netsealComplianceReadPermission.attributes).toEqual({
      action: 'read',
    });
  });

  it('lists every permission for the permissions registry', () => {
    expect(netsealPermissions.map(p => p.name)).toEqual([
      'netseal.policy.read',
      'netseal.request.create',
      'netseal.request.review',
      'netseal.rollout.execute',
      'netseal.guard.manage',
      'netseal.policy.restore',
      'netseal.compliance.read',
    ]);
  });
});
