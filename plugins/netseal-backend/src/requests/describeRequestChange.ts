import type {
  ClusterAccessChanges,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import {
  describeNetworkPolicy,
  describeRolloutPlan,
  describeRolloutStep,
  FAIL_CLOSED_STRATEGY_TEXT,
  planRollout,
} from '@netseal/backstage-plugin-netseal-common';
import type {
  RequestAsFiled,
  StoredLiveObject,
} from '../database/RequestStore';
import { diffLines } from './diffLines';

/** One policy change as the pull request shows it. */
export interface DescribedChange {
  op: 'replace' | 'add' | 'remove';
  cluster: string;
  namespace: string;
  name: string;
  file: string;
  oldSeal?: string;
  newSeal?: string;
  /** The sealed manifest's text before, for `replace` and `remove`. */
  oldText?: string;
  /** The resealed manifest's text, for `replace` and `add`. */
  newText?: string;
  /** The policy after the change, or the removed one. */
  policy?: NetworkPolicy;
  /** The sealed policy replaced or removed (or the live-only one adopted), for the rollout plan. */
  oldPolicy?: NetworkPolicy;
  /** The resealed policy created, for the rollout plan. */
  newPolicy?: NetworkPolicy;
  /** Whether the policy selects the entity's own pods. */
  selectsService: boolean;
  /** For the removal of a live-only policy: the live object it deletes. */
  liveObject?: StoredLiveObject;
}

const VERB = { replace: 'Replace', add: 'Add', remove: 'Remove' } as const;

/**
 * Text from a user goes into Markdown that Netseal reads back: `<` is escaped so that it
 * can never open an HTML comment posing as Netseal's marker, nor any other tag.
 */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/** A fence longer than any run of backticks in the text, so the text cannot close it. */
function fenced(language: string, lines: string[]): string {
  const longest = Math.max(
    2,
    ...(lines
      .join('\n')
      .match(/`+/g)
      ?.map(run => run.length) ?? [0]),
  );
  const fence = '`'.repeat(longest + 1);
  return [`${fence}${language}`, ...lines, fence].join('\n');
}

const flows = (count: number) => `${count} flow${count === 1 ? '' : 's'}`;

/**
 * What the request opens and closes in one cluster, as reviewers read it: one bullet per
 * group of pods by namespace and labels (never pod by pod), opened ones first.
 */
function describeClusterAccess(access: ClusterAccessChanges): string {
  const heading = `### Cluster \`${access.cluster}\``;
  if (access.unavailable !== undefined) {
    return [
      heading,
      '',
      `Not worked out: ${escapeHtml(access.unavailable)}.`,
    ].join('\n');
  }
  if (access.changes.length === 0) {
    return [heading, '', 'No access path opens or closes.'].join('\n');
  }
  const ordered = [
    ...access.changes.filter(line => line.change === 'opened'),
    ...access.changes.filter(line => line.change === 'closed'),
  ];
  return [
    heading,
    '',
    `Opens ${flows(access.openedFlows)}, closes ${flows(access.closedFlows)}.`,
    '',
    ...ordered.map(line => `- ${escapeHtml(line.text)}`),
  ].join('\n');
}

/**
 * The title and Markdown body of a replacement request's pull request, and `asFiled`,
 * the same content as data for the portal to show, made from the same diffs, sentences
 * and plan, so that what the portal shows is what the pull request holds.
 * `accessChanges` is the analysis of the target clusters' live view when the request
 * was filed.
 */
export function describeRequestChange(input: {
  requestId: string;
  entityRef: string;
  reason: string;
  requester: string;
  /** The requester's login on the Git host, when known. */
  requesterLogin?: string;
  changes: DescribedChange[];
  accessChanges?: readonly ClusterAccessChanges[];
}): { title: string; body: string; asFiled: RequestAsFiled } {
  const { requestId, entityRef, reason, requester, changes } = input;
  const plans = planRollout(
    requestId,
    changes.map(change => ({
      // An add that adopts a live-only policy replaces the live object on rollout.
      op: change.op === 'add' && change.oldPolicy ? 'replace' : change.op,
      cluster: change.cluster,
      namespace: change.namespace,
      name: change.name,
      oldPolicy: change.oldPolicy,
      newPolicy: change.newPolicy,
      newSeal: change.newSeal,
    })),
  );
  const asFiled: RequestAsFiled = {
    changes: changes.map(change => ({
      ...(change.oldText !== undefined ? { oldText: change.oldText } : {}),
      ...(change.newText !== undefined ? { newText: change.newText } : {}),
      diff: diffLines(change.oldText ?? '', change.newText ?? ''),
      summary: change.policy ? describeNetworkPolicy(change.policy) : [],
      selectsService: change.selectsService,
    })),
    accessChanges: [...(input.accessChanges ?? [])],
    rolloutPlan: {
      strategy: FAIL_CLOSED_STRATEGY_TEXT,
      clusters: plans.map(plan => ({
        cluster: plan.cluster,
        steps: plan.steps.map(describeRolloutStep),
      })),
    },
  };
  const title =
    changes.length === 1
      ? `Netseal: ${VERB[changes[0].op].toLocaleLowerCase('en-US')} ${
          changes[0].namespace
        }/${changes[0].name} in ${changes[0].cluster}`
      : `Netseal: ${changes.length} policy changes for ${entityRef}`;
  const marker = JSON.stringify({ id: requestId, entityRef }).replace(
    /[<>]/g,
    character => (character === '<' ? '\\u003c' : '\\u003e'),
  );
  const sections = changes.map((change, index) => {
    const { summary, diff } = asFiled.changes[index];
    const lines = [
      `### ${VERB[change.op]} \`${change.namespace}/${change.name}\``,
      '',
      `- Target: cluster \`${change.cluster}\`, namespace \`${change.namespace}\``,
      change.liveObject
        ? `- File: none; Git never held this live policy, so the commit changes no file and records the removal in its message`
        : `- File: \`${change.file}\``,
      ...(change.liveObject
        ? [
            `- Live object: uid \`${
              change.liveObject.uid ?? 'unknown'
            }\`, resourceVersion \`${
              change.liveObject.resourceVersion ?? 'unknown'
            }\`, canonical digest \`${
              change.liveObject.digest
            }\`; the rollout deletes it only if it is still this object`,
          ]
        : []),
      `- Old seal: ${change.oldSeal ? `\`${change.oldSeal}\`` : 'none'}`,
      `- New seal: ${change.newSeal ? `\`${change.newSeal}\`` : 'none'}`,
    ];
    if (change.policy) {
      lines.push(
        '',
        change.op === 'remove'
          ? 'What the removed policy allowed:'
          : 'What the policy allows after this change:',
        '',
        ...(summary.length > 0
          ? summary.map(sentence => `- ${escapeHtml(sentence)}`)
          : ['- (no rules)']),
      );
    }
    lines.push('', fenced('diff', diff));
    return lines.join('\n');
  });
  const body = [
    `Replacement request \`${requestId}\` for \`${entityRef}\`, filed by \`${requester}\`${
      input.requesterLogin ? ` (@${escapeHtml(input.requesterLogin)})` : ''
    } in Netseal.`,
    '',
    '## Reason',
    '',
    escapeHtml(reason),
    '',
    '## Changes',
    '',
    sections.join('\n\n'),
    '',
    ...(input.accessChanges
      ? [
          '## Access changes',
          '',
          'From the live pods, namespaces and policies of each cluster when the request was filed.',
          '',
          input.accessChanges.map(describeClusterAccess).join('\n\n'),
          '',
        ]
      : []),
    '## Rollout plan',
    '',
    'Once this pull request is merged with its approvals, Netseal replaces the live objects by delete-and-recreate, never by an in-place edit:',
    '',
    ...describeRolloutPlan(plans).map(escapeHtml),
    '',
    `<!-- netseal-request: ${marker} -->`,
    '',
  ].join('\n');
  return { title, body, asFiled };
}
