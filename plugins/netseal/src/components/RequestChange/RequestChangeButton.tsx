import type { Entity } from '@backstage/catalog-model';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import EditIcon from '@material-ui/icons/Edit';
import {
  netsealRequestCreatePermission,
  PolicyStatus,
  ReplacementRequest,
} from '@netseal/backstage-plugin-netseal-common';
import { usePermission } from '@backstage/plugin-permission-react';
import { useState } from 'react';
import type { PolicyName } from '../../api';
import { RequestChangeDialog } from './RequestChangeDialog';

/**
 * The tab's "Request change" action. Without `netseal.request.create` on the entity it is
 * shown disabled, saying which permission is missing, as the server would refuse anyway.
 */
export function RequestChangeButton(props: {
  entity: Entity;
  entityRef: string;
  policies: readonly PolicyStatus[];
  onFiled?: (request: ReplacementRequest) => void;
  /** A sealed policy to start editing. */
  initialPolicy?: PolicyName;
  /** The button's text; "Request change" by default. */
  label?: string;
  /** A new policy to start from, as when adopting a live-only policy into Git. */
  initialDraft?: { op: 'add'; cluster: string; manifest: string };
}) {
  const [open, setOpen] = useState(false);
  const { allowed, loading } = usePermission({
    permission: netsealRequestCreatePermission,
    resourceRef: props.entityRef,
  });
  const button = (
    <Button
      variant="contained"
      color="primary"
      startIcon={<EditIcon />}
      disabled={!allowed}
      onClick={() => setOpen(true)}
    >
      {props.label ?? 'Request change'}
    </Button>
  );
  return (
    <>
      {allowed || loading ? (
        button
      ) : (
        <Tooltip
          title={`You need the permission ${netsealRequestCreatePermission.name} on ${props.entityRef} to request a change.`}
        >
          <span>{button}</span>
        </Tooltip>
      )}
      <RequestChangeDialog
        entity={props.entity}
        entityRef={props.entityRef}
        policies={props.policies}
        open={open}
        onClose={() => setOpen(false)}
        onFiled={props.onFiled}
        initialPolicy={props.initialPolicy}
        initialDraft={props.initialDraft}
      />
    </>
  );
}
