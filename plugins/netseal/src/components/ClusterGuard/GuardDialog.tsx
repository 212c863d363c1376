import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import type { ClusterGuard } from '@netseal/backstage-plugin-netseal-common';
import { useMemo } from 'react';
import { guardObjects } from './guardObjects';

/**
 * What can be done to a cluster's guard from the portal. Each one is confirmed in
 * {@link GuardDialog}, which names the objects it touches.
 */
export type GuardAction = 'install' | 'upgrade' | 'uninstall';

const ACTIONS: Record<
  GuardAction,
  {
    title: (cluster: string) => string;
    confirm: string;
    /** Introduces the list of objects. */
    objects: (cluster: string) => string;
  }
> = {
  install: {
    title: cluster => `Install the guard in ${cluster}?`,
    confirm: 'Install guard',
    objects: cluster =>
      `Netseal creates these objects in ${cluster}, as the cluster's rollout identity:`,
  },
  upgrade: {
    title: cluster => `Upgrade the guard in ${cluster}?`,
    confirm: 'Upgrade guard',
    objects: cluster =>
      `Netseal replaces these objects in ${cluster} with the current version, as the cluster's rollout identity:`,
  },
  uninstall: {
    title: cluster => `Uninstall the guard of ${cluster}?`,
    confirm: 'Uninstall guard',
    objects: cluster =>
      `Netseal deletes these objects in ${cluster}, in this order, as the cluster's rollout identity:`,
  },
};

/** What each of the guard's objects is for, by kind. */
const PURPOSES: Record<string, string> = {
  Namespace: "holds the guard's parameters",
  ConfigMap:
    "the guard's parameters: the rollout identity that alone may replace sealed policies",
  ValidatingAdmissionPolicy:
    "cluster-wide rules: a sealed policy's spec and labels never change, and only the rollout identity creates or deletes one",
  ValidatingAdmissionPolicyBinding:
    'turns the policy on for every namespace, denying what it refuses',
};

function versionLine(guard: ClusterGuard | undefined): string | undefined {
  if (!guard?.installed) {
    return undefined;
  }
  return `Installed now: version ${
    guard.version ?? 'unlabelled'
  }; this makes it version ${guard.expectedVersion}.`;
}

/**
 * Asks before Netseal changes a cluster's admission control, naming what will be
 * created and what it does. Nothing is sent until the person confirms.
 */
export function GuardDialog(props: {
  cluster: string;
  action: GuardAction;
  guard?: ClusterGuard;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { cluster, action, guard } = props;
  const text = ACTIONS[action];
  const objects = useMemo(
    () =>
      action === 'uninstall'
        ? // The binding goes first, so nothing is enforced from then on; the namespace stays.
          guardObjects()
            .filter(object => object.kind !== 'Namespace')
            .reverse()
        : guardObjects(),
    [action],
  );
  const titleId = `netseal-guard-dialog-title-${cluster}`;
  const version = action === 'upgrade' ? versionLine(guard) : undefined;
  return (
    <Dialog open onClose={props.onClose} aria-labelledby={titleId}>
      <DialogTitle id={titleId}>{text.title(cluster)}</DialogTitle>
      <DialogContent>
        <Typography paragraph>
          {action === 'uninstall'
            ? `Without the guard, the sealed NetworkPolicies of ${cluster} can be edited and deleted in place again (kubectl edit, apply, patch, delete): Netseal still shows the drift, but nothing stops it.`
            : `The guard makes the sealed NetworkPolicies of ${cluster} immutable: the cluster refuses any edit of a sealed policy's spec or labels (kubectl edit, apply, patch), and only Netseal's rollout identity may create or delete one.`}
        </Typography>
        {version && <Typography paragraph>{version}</Typography>}
        <Typography id={`${titleId}-objects`}>
          {text.objects(cluster)}
        </Typography>
        <ul aria-labelledby={`${titleId}-objects`}>
          {objects.map(object => (
            <li key={`${object.kind}/${object.name}`}>
              <Typography variant="body2">
                <strong>{`${object.kind} ${object.name}`}</strong>
                {PURPOSES[object.kind] ? `: ${PURPOSES[object.kind]}` : ''}
              </Typography>
            </li>
          ))}
        </ul>
        <Typography variant="body2" color="textSecondary">
          {action === 'uninstall'
            ? 'The namespace netseal-system is left as it is.'
            : 'The guard does not protect its own objects: keep them behind RBAC.'}
        </Typography>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button variant="contained" color="primary" onClick={props.onConfirm}>
          {text.confirm}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
