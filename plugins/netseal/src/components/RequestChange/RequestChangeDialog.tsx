import type { Entity } from '@backstage/catalog-model';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import MenuItem from '@material-ui/core/MenuItem';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import { makeStyles } from '@material-ui/core/styles';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import {
  PolicyStatus,
  ReplacementRequest,
  servicePodsFromAnnotations,
} from '@netseal/backstage-plugin-netseal-common';
import { useEffect, useMemo, useState } from 'react';
import { stringify } from 'yaml';
import { netsealApiRef, PolicyName } from '../../api';
import { RequestId } from '../EntityRequests/RequestId';
import { withBreakOpportunities } from '../ReadableTable';
import { AccessChangesView } from './AccessChangesView';
import {
  ChangeDraft,
  ChangeOp,
  draftToChanges,
  newPolicyTemplate,
  policyId,
  samePolicyElsewhere,
  sealedPolicies,
} from './draftChange';
import { ChangePreview } from './ChangePreview';
import { NonIsolationAcknowledgement } from './NonIsolationAcknowledgement';
import {
  isNonIsolationProblem,
  nonIsolationWarnings,
} from './nonIsolationWarnings';
import { useRequestPreview } from './useRequestPreview';

const useStyles = makeStyles(theme => ({
  manifest: {
    '& textarea': {
      fontFamily: 'monospace',
      fontSize: theme.typography.pxToRem(13),
    },
  },
  section: {
    marginTop: theme.spacing(2),
  },
}));

const OP_LABELS: Record<ChangeOp, string> = {
  replace: 'Edit a sealed policy',
  add: 'Add a policy',
  remove: 'Remove a policy',
};

/** The labels that pick the entity's pods, for a new policy's podSelector. */
function entityPodLabels(entity: Entity): Record<string, string> | undefined {
  try {
    return servicePodsFromAnnotations(entity.metadata.annotations)?.selector
      .matchLabels;
  } catch {
    return undefined;
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

/**
 * "Request change": edit a sealed policy's YAML, add a policy or remove one, see what it
 * would do (problems by field as you type, the manifest diff, old and new seal, the access
 * paths it opens and closes), give a reason, and file it as a pull request.
 */
export function RequestChangeDialog(props: {
  entity: Entity;
  entityRef: string;
  policies: readonly PolicyStatus[];
  open: boolean;
  onClose: () => void;
  /** Called with the filed request, so lists can show it at once. */
  onFiled?: (request: ReplacementRequest) => void;
  /** A sealed policy to start editing, as when opened from the policy's own view. */
  initialPolicy?: PolicyName;
  /** A new policy to start from, as when adopting a live-only policy into Git. */
  initialDraft?: { op: 'add'; cluster: string; manifest: string };
}) {
  const { entity, entityRef, policies, open, onClose, onFiled, initialPolicy } =
    props;
  const { initialDraft } = props;
  const classes = useStyles();
  const api = useApi(netsealApiRef);
  const sealed = useMemo(() => sealedPolicies(policies), [policies]);
  const clusters = useMemo(
    () => unique(policies.map(policy => policy.cluster)),
    [policies],
  );
  const namespaces = useMemo(
    () => unique(policies.map(policy => policy.namespace)),
    [policies],
  );

  const [draft, setDraft] = useState<ChangeDraft>({
    op: 'replace',
    manifest: '',
  });
  const [manifestLoading, setManifestLoading] = useState(false);
  const [manifestError, setManifestError] = useState<Error>();
  const [reason, setReason] = useState('');
  const [reasonTouched, setReasonTouched] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<Error>();
  const [filed, setFiled] = useState<ReplacementRequest>();
  // The server's non-isolation messages by policy, kept once acknowledged: the preview
  // of an acknowledged removal no longer names the pods, and the requester should still
  // see what they agreed to.
  const [nonIsolation, setNonIsolation] = useState<Record<string, string>>({});
  // One key per dialog: a retry after a timeout answers the first filing, never a second.
  const [idempotencyKey, setIdempotencyKey] = useState(() =>
    crypto.randomUUID(),
  );

  const selectPolicy = (id: string, op: ChangeOp = draft.op) => {
    setDraft(previous => ({
      ...previous,
      op,
      policyId: id,
      alsoIn: [],
      manifest: '',
    }));
    const policy = sealed.find(candidate => policyId(candidate) === id);
    if (!policy || op !== 'replace') return;
    setManifestLoading(true);
    setManifestError(undefined);
    const entityName = getCompoundEntityRef(entity);
    // The document as written in Git, comments and all; failing that, the sealed
    // manifest as last read, whose comments are lost.
    api
      .getEntityPolicySource(entityName, policy)
      .then(
        source => source.text,
        async error => {
          setManifestError(error);
          const detail = await api.getEntityPolicy(entityName, policy);
          return detail.sealedManifest
            ? stringify(detail.sealedManifest, { lineWidth: 0 })
            : '';
        },
      )
      .then(manifest => {
        setDraft(previous =>
          previous.policyId === id ? { ...previous, manifest } : previous,
        );
      })
      .catch(setManifestError)
      .finally(() => setManifestLoading(false));
  };

  useEffect(() => {
    if (open) {
      setDraft(
        initialDraft ? { ...initialDraft } : { op: 'replace', manifest: '' },
      );
      if (initialPolicy && !initialDraft) {
        selectPolicy(policyId(initialPolicy), 'replace');
      }
      setReason('');
      setReasonTouched(false);
      setSubmitError(undefined);
      setFiled(undefined);
      setNonIsolation({});
      setIdempotencyKey(crypto.randomUUID());
    }
    // Only opening the dialog starts a new draft; the selected policy is its start.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const selectOp = (op: ChangeOp) => {
    setDraft({
      op,
      manifest:
        op === 'add'
          ? newPolicyTemplate({
              namespace: namespaces[0],
              podLabels: entityPodLabels(entity),
            })
          : '',
      cluster: op === 'add' ? clusters[0] : undefined,
    });
  };

  const changes = useMemo(() => {
    const drafted = filed ? undefined : draftToChanges(draft, sealed);
    return drafted && (drafted[0].op === 'remove' || drafted[0].manifest)
      ? drafted
      : undefined;
  }, [draft, sealed, filed]);
  const elsewhere = useMemo(
    () => samePolicyElsewhere(sealed, draft.policyId),
    [sealed, draft.policyId],
  );
  const {
    checking,
    preview,
    error: previewError,
  } = useRequestPreview(entityRef, changes);
  const current = changes !== undefined && !checking;
  useEffect(() => {
    if (current && preview?.problems) {
      const warnings = nonIsolationWarnings(preview.problems, changes ?? []);
      if (Object.keys(warnings).length > 0) {
        setNonIsolation(previous => ({ ...previous, ...warnings }));
      }
    }
  }, [current, preview, changes]);
  const acknowledgements = (changes ?? []).filter(
    change => change.op === 'remove' && nonIsolation[policyId(change)],
  );
  // A non-isolation problem is answered by its checkbox, not listed among those to fix.
  const otherProblems = (preview?.problems ?? []).filter(
    problem => !isNonIsolationProblem(problem),
  );
  const onlyNonIsolation =
    otherProblems.length === 0 &&
    (preview?.problems ?? []).some(isNonIsolationProblem);
  const reasonMissing = reason.trim() === '';
  const canFile =
    current && preview?.ok === true && !reasonMissing && !submitting;

  const file = async () => {
    if (!changes) return;
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      const request = await api.createRequest(
        { entityRef, reason: reason.trim(), changes },
        { idempotencyKey },
      );
      setFiled(request);
      onFiled?.(request);
    } catch (error) {
      setSubmitError(error as Error);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      fullWidth
      maxWidth="lg"
      aria-labelledby="netseal-request-change-title"
    >
      <DialogTitle id="netseal-request-change-title">
        {`Request a policy change for ${
          entity.metadata.title ?? entity.metadata.name
        }`}
      </DialogTitle>
      <DialogContent dividers>
        {filed ? (
          <Box role="status">
            <Alert severity="success">
              {'Request '}
              <RequestId id={filed.id} />
              {` is filed (${filed.state}).`}
            </Alert>
            <Box mt={2}>
              {filed.url ? (
                <Typography>
                  {/* A local change has no page on a Git host: it is reviewed on its own page here. */}
                  {filed.providerId === 'local'
                    ? 'Reviewed in the portal, on its own page: '
                    : 'Pull request: '}
                  <Link
                    to={filed.url}
                    target="_blank"
                    rel="noopener noreferrer"
                  >
                    {withBreakOpportunities(filed.url)}
                  </Link>
                </Typography>
              ) : (
                <Typography>
                  {filed.error
                    ? `The pull request was not opened: ${filed.error.message}`
                    : 'The pull request is being opened.'}
                </Typography>
              )}
            </Box>
          </Box>
        ) : (
          <>
            <RadioGroup
              row
              aria-label="What to change"
              value={draft.op}
              onChange={event => selectOp(event.target.value as ChangeOp)}
            >
              {(Object.keys(OP_LABELS) as ChangeOp[]).map(op => (
                <FormControlLabel
                  key={op}
                  value={op}
                  control={<Radio />}
                  label={OP_LABELS[op]}
                  disabled={op !== 'add' && sealed.length === 0}
                />
              ))}
            </RadioGroup>

            {draft.op === 'add' ? (
              <TextField
                select
                id="netseal-request-cluster"
                label="Cluster"
                value={draft.cluster ?? ''}
                onChange={event =>
                  setDraft(previous => ({
                    ...previous,
                    cluster: event.target.value,
                  }))
                }
                helperText="The namespace and name come from the manifest's metadata."
                fullWidth
                margin="normal"
              >
                {clusters.map(cluster => (
                  <MenuItem key={cluster} value={cluster}>
                    {cluster}
                  </MenuItem>
                ))}
              </TextField>
            ) : (
              <TextField
                select
                id="netseal-request-policy"
                label="Policy"
                value={draft.policyId ?? ''}
                onChange={event => selectPolicy(event.target.value)}
                fullWidth
                margin="normal"
              >
                {sealed.map(policy => (
                  <MenuItem key={policyId(policy)} value={policyId(policy)}>
                    {`${policy.namespace}/${policy.name} in ${policy.cluster}`}
                  </MenuItem>
                ))}
              </TextField>
            )}

            {draft.op !== 'add' && elsewhere.length > 0 && (
              <FormGroup row aria-label="The same policy in other clusters">
                {elsewhere.map(cluster => (
                  <FormControlLabel
                    key={cluster}
                    label={`Also in ${cluster}`}
                    control={
                      <Checkbox
                        checked={(draft.alsoIn ?? []).includes(cluster)}
                        onChange={event =>
                          setDraft(previous => ({
                            ...previous,
                            alsoIn: event.target.checked
                              ? [...(previous.alsoIn ?? []), cluster]
                              : (previous.alsoIn ?? []).filter(
                                  other => other !== cluster,
                                ),
                          }))
                        }
                      />
                    }
                  />
                ))}
              </FormGroup>
            )}
            {manifestError && (
              <Alert severity="warning">
                {`Could not read the policy's file from its source (${manifestError.message}); starting from the sealed manifest as last read, without its comments.`}
              </Alert>
            )}
            {draft.op !== 'remove' && (
              <TextField
                className={classes.manifest}
                id="netseal-request-manifest"
                label="Manifest (YAML)"
                value={draft.manifest}
                onChange={event =>
                  setDraft(previous => ({
                    ...previous,
                    manifest: event.target.value,
                  }))
                }
                disabled={
                  manifestLoading || (draft.op === 'replace' && !draft.policyId)
                }
                helperText="Netseal writes the seal; you need not touch the netseal.io annotations."
                multiline
                minRows={12}
                maxRows={28}
                fullWidth
                margin="normal"
                variant="outlined"
                inputProps={{ spellCheck: false }}
              />
            )}

            <Box className={classes.section} aria-live="polite">
              {changes && checking && (
                <Box display="flex" alignItems="center" style={{ gap: 8 }}>
                  <CircularProgress size={16} />
                  <Typography variant="body2">Checking the change…</Typography>
                </Box>
              )}
              {current && previewError && (
                <Alert severity="error">
                  {`Could not check the change: ${previewError.message}`}
                </Alert>
              )}
              {acknowledgements.map((change, index) => (
                <NonIsolationAcknowledgement
                  key={policyId(change)}
                  id={`netseal-non-isolation-${index}`}
                  policy={`${change.namespace}/${change.name} in ${change.cluster}`}
                  message={nonIsolation[policyId(change)]}
                  checked={change.acknowledgeNonIsolation === true}
                  onChange={checked =>
                    setDraft(previous => {
                      const others = (
                        previous.acknowledgedNonIsolation ?? []
                      ).filter(id => id !== policyId(change));
                      return {
                        ...previous,
                        acknowledgedNonIsolation: checked
                          ? [...others, policyId(change)]
                          : others,
                      };
                    })
                  }
                />
              ))}
              {current && preview && !preview.ok && !onlyNonIsolation && (
                <Alert severity="error" aria-label="Problems">
                  <Typography variant="subtitle2">
                    Fix these before filing:
                  </Typography>
                  <Box component="ul" m={0} pl={2}>
                    {otherProblems.map((problem, index) => (
                      <li key={index}>
                        <code>{problem.field}</code>
                        {`: ${problem.message}`}
                      </li>
                    ))}
                  </Box>
                </Alert>
              )}
              {current && preview?.ok && (
                <>
                  {(preview.changes ?? []).map(previewed => (
                    <ChangePreview
                      key={policyId(previewed)}
                      change={previewed}
                      entityName={entity.metadata.name}
                    />
                  ))}
                  <Typography variant="h6" className={classes.section}>
                    Access changes
                  </Typography>
                  <AccessChangesView clusters={preview.accessChanges ?? []} />
                </>
              )}
            </Box>

            <TextField
              id="netseal-request-reason"
              label="Reason"
              required
              value={reason}
              onChange={event => setReason(event.target.value)}
              onBlur={() => setReasonTouched(true)}
              error={reasonTouched && reasonMissing}
              helperText={
                reasonTouched && reasonMissing
                  ? 'Say why the policy should change; reviewers read it first.'
                  : 'Goes into the pull request, with your name.'
              }
              multiline
              minRows={2}
              fullWidth
              margin="normal"
              inputProps={{ maxLength: 2000 }}
            />
            {submitError && (
              <Alert severity="error">{submitError.message}</Alert>
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{filed ? 'Close' : 'Cancel'}</Button>
        {!filed && (
          <Button
            color="primary"
            variant="contained"
            disabled={!canFile}
            onClick={file}
          >
            {submitting ? 'Filing…' : 'File request'}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
