/** The tooltip of the node or link under the cursor: its title, stats and detail fields. */
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import type { Hovered } from './GraphCanvas';

interface Props {
  hovered: Hovered;
  titleOf: (id: string) => string;
  /** The graph's size: the tooltip opens towards the middle, so it stays inside. */
  width: number;
  height: number;
}

const OFFSET = 14;

export function GraphTooltip({ hovered, titleOf, width, height }: Props) {
  const styles = useStyles2(getStyles);
  const item = 'node' in hovered ? hovered.node : hovered.edge;
  const title =
    'node' in hovered
      ? hovered.node.title
      : `${titleOf(hovered.edge.source)} → ${titleOf(hovered.edge.target)}`;
  const subtitle = 'node' in hovered ? hovered.node.subtitle : hovered.edge.kind.replaceAll('_', ' ');
  return (
    <div
      className={styles.tooltip}
      style={{
        ...(hovered.x < width / 2 ? { left: hovered.x + OFFSET } : { right: width - hovered.x + OFFSET }),
        ...(hovered.y < height / 2 ? { top: hovered.y + OFFSET } : { bottom: height - hovered.y + OFFSET }),
      }}
      role="tooltip"
    >
      <div className={styles.title}>{title}</div>
      {subtitle && <div className={styles.muted}>{subtitle}</div>}
      {[item.mainstat, item.secondarystat].filter(Boolean).map((stat) => (
        <div key={stat}>{stat}</div>
      ))}
      {item.details.length > 0 && (
        <table className={styles.details}>
          <tbody>
            {item.details.map(([name, value]) => (
              <tr key={name}>
                <th className={styles.muted}>{name}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  tooltip: css({
    position: 'absolute',
    pointerEvents: 'none',
    zIndex: theme.zIndex.tooltip,
    padding: theme.spacing(1),
    maxWidth: 320,
    background: theme.colors.background.elevated,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    boxShadow: theme.shadows.z3,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  title: css({ fontWeight: theme.typography.fontWeightMedium }),
  muted: css({
    color: theme.colors.text.secondary,
    fontWeight: 'normal',
    textAlign: 'left',
    paddingRight: theme.spacing(1),
  }),
  details: css({ marginTop: theme.spacing(0.5) }),
});
