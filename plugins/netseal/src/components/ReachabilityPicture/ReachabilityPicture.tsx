import { makeStyles, useTheme } from '@material-ui/core/styles';
import type { ServiceReachability } from '@netseal/backstage-plugin-netseal-common';
import { useMemo, useState } from 'react';
import { describeReachability } from './describeReachability';
import { layoutReachability, PICTURE, PlacedPeer } from './layoutReachability';
import { ReachabilityBanner } from './ReachabilityBanner';

let pictureCount = 0;

const useStyles = makeStyles(theme => ({
  svg: {
    width: '100%',
    height: 'auto',
    maxWidth: PICTURE.width,
    fontFamily: theme.typography.fontFamily,
  },
  banners: {
    marginBottom: theme.spacing(1),
  },
}));

/**
 * Who may reach a service's pods and whom they may reach, as its policies say:
 * the pods in the middle, ingress peers on the left with arrows into the pods, egress
 * peers on the right, each edge labelled with its ports. Above it, each direction's
 * verdict: isolated (everything else denied by default), or loudly, not.
 */
export function ReachabilityPicture(props: {
  reachability: ServiceReachability;
}) {
  const { reachability } = props;
  const classes = useStyles();
  const theme = useTheme();
  // Marker ids are document-wide; each picture needs its own (useId needs React 18).
  const [id] = useState(() => `netseal-reachability-${++pictureCount}`);
  const layout = useMemo(
    () => layoutReachability(reachability),
    [reachability],
  );
  const description = useMemo(
    () => describeReachability(reachability),
    [reachability],
  );

  const colours = {
    text: theme.palette.text.primary,
    subtle: theme.palette.text.secondary,
    line: theme.palette.text.secondary,
    box: theme.palette.background.paper,
    pods: theme.palette.primary.main,
    open: theme.palette.status.error,
  };

  const drawPeer = (peer: PlacedPeer, key: string) => {
    const open = peer.role === 'everyone';
    const stroke = open ? colours.open : colours.line;
    const textY = peer.y + peer.height / 2 - (peer.lines.length - 1) * 7 + 4;
    return (
      <g key={key}>
        <title>{peer.description}</title>
        {peer.path && (
          <path
            d={peer.path}
            fill="none"
            stroke={stroke}
            strokeWidth={open ? 2 : 1.5}
            strokeDasharray={open ? '6 4' : undefined}
            markerEnd={`url(#${id}-${open ? 'open' : 'arrow'})`}
          />
        )}
        <rect
          x={peer.x}
          y={peer.y}
          width={peer.width}
          height={peer.height}
          rx={6}
          fill={colours.box}
          stroke={stroke}
          strokeWidth={open ? 2 : 1}
          strokeDasharray={peer.role === 'nobody' ? '4 4' : undefined}
        />
        <text
          x={peer.x + 10}
          y={textY}
          fontSize={12}
          fill={peer.role === 'nobody' ? colours.subtle : colours.text}
        >
          {peer.lines.map((line, index) => (
            <tspan key={index} x={peer.x + 10} dy={index === 0 ? 0 : 14}>
              {line}
            </tspan>
          ))}
        </text>
        {peer.label && (
          <text
            x={peer.label.x}
            y={peer.label.y}
            textAnchor={peer.label.anchor}
            fontSize={PICTURE.labelFontSize}
            fill={open ? colours.open : colours.subtle}
          >
            {peer.label.lines.map((line, index) => (
              <tspan
                key={index}
                x={peer.label?.x}
                dy={index === 0 ? 0 : PICTURE.labelLineGap}
              >
                {line}
              </tspan>
            ))}
          </text>
        )}
      </g>
    );
  };

  const { pods } = layout;
  return (
    <div>
      <div className={classes.banners}>
        <ReachabilityBanner name="Ingress" direction={reachability.ingress} />
        <ReachabilityBanner name="Egress" direction={reachability.egress} />
      </div>
      <svg
        role="img"
        aria-label={description}
        className={classes.svg}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title>{description}</title>
        <defs>
          {[
            ['arrow', colours.line],
            ['open', colours.open],
          ].map(([name, colour]) => (
            <marker
              key={name}
              id={`${id}-${name}`}
              viewBox="0 0 10 10"
              refX={9}
              refY={5}
              markerWidth={8}
              markerHeight={8}
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" fill={colour} />
            </marker>
          ))}
        </defs>
        <text
          x={PICTURE.margin}
          y={24}
          fontSize={13}
          fontWeight="bold"
          fill={colours.text}
        >
          May reach the pods (ingress)
        </text>
        <text
          x={layout.width - PICTURE.margin}
          y={24}
          fontSize={13}
          fontWeight="bold"
          textAnchor="end"
          fill={colours.text}
        >
          The pods may reach (egress)
        </text>
        {layout.ingress.map((peer, index) => drawPeer(peer, `in-${index}`))}
        {layout.egress.map((peer, index) => drawPeer(peer, `out-${index}`))}
        <g>
          <title>{reachability.pods}</title>
          <rect
            x={pods.x}
            y={pods.y}
            width={pods.width}
            height={pods.height}
            rx={10}
            fill={colours.box}
            stroke={colours.pods}
            strokeWidth={3}
          />
          <text
            x={pods.x + pods.width / 2}
            y={
              pods.y +
              pods.height / 2 -
              ((pods.lines.length - 1) * PICTURE.podsLineHeight) / 2 +
              4
            }
            fontSize={12}
            fontWeight="bold"
            textAnchor="middle"
            fill={colours.text}
          >
            {pods.lines.map((line, index) => (
              <tspan
                key={index}
                x={pods.x + pods.width / 2}
                dy={index === 0 ? 0 : PICTURE.podsLineHeight}
              >
                {line}
              </tspan>
            ))}
          </text>
        </g>
      </svg>
    </div>
  );
}
