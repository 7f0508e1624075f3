/** What the colours and lines mean: node colours (by type or severity), then each kind of link shown. */
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import type { KindStyle } from '../graphStyle';

interface Props {
  nodeKeys: Array<{ label: string; color: string }>;
  kinds: KindStyle[];
}

export function GraphLegend({ nodeKeys, kinds }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <ul className={styles.legend} aria-label="Legend">
      {nodeKeys.map(({ label, color }) => (
        <li key={`node-${label}`} className={styles.item}>
          <svg width={12} height={12} aria-hidden>
            <circle cx={6} cy={6} r={5} fill={color} />
          </svg>
          {label}
        </li>
      ))}
      {kinds.map((kind) => (
        <li key={`kind-${kind.label}`} className={styles.item}>
          <svg width={28} height={12} aria-hidden>
            <line
              x1={1}
              y1={6}
              x2={kind.directed ? 20 : 27}
              y2={6}
              stroke={kind.color}
              strokeWidth={2}
              strokeDasharray={kind.dash.join(' ')}
            />
            {kind.directed && <path d="M19 2 L27 6 L19 10 Z" fill={kind.color} />}
          </svg>
          {kind.label}
        </li>
      ))}
    </ul>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  legend: css({
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5, 2),
    margin: 0,
    padding: theme.spacing(0.5, 1),
    listStyle: 'none',
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
  }),
  item: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(0.75) }),
});
