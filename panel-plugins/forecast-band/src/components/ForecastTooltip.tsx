/** The tooltip at the cursor: the time, each line's value, each band's range, the anomalies there. */
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2, type TimeZone } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { SEVERITY_COLORS, type AnomalyMarker } from '../anomalyMarkers';

export interface TooltipRow {
  label: string;
  color: string;
  value: string;
}

interface Props {
  time: number;
  timeZone: TimeZone;
  rows: TooltipRow[];
  markers: AnomalyMarker[];
}

export function ForecastTooltip({ time, timeZone, rows, markers }: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  return (
    <div className={styles.tooltip} data-testid="forecast-tooltip">
      <div className={styles.time}>{dateTimeFormat(time, { timeZone })}</div>
      {rows.map((row) => (
        <div key={row.label} className={styles.row}>
          <span className={styles.swatch} style={{ background: row.color }} />
          <span className={styles.label}>{row.label}</span>
          <span className={styles.value}>{row.value}</span>
        </div>
      ))}
      {markers.map((marker) => (
        <div key={`${marker.time}-${marker.title}`} className={styles.marker}>
          <span
            className={styles.swatch}
            style={{ background: theme.visualization.getColorByName(SEVERITY_COLORS[marker.severity]) }}
          />
          <span>
            <strong>{marker.title}</strong>
            {marker.text && <div className={styles.text}>{marker.text}</div>}
          </span>
        </div>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  tooltip: css({ padding: theme.spacing(1), fontSize: theme.typography.bodySmall.fontSize, maxWidth: 360 }),
  time: css({ fontWeight: theme.typography.fontWeightMedium, marginBottom: theme.spacing(0.5) }),
  row: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1) }),
  swatch: css({ width: 10, height: 10, borderRadius: theme.shape.radius.default, flexShrink: 0 }),
  label: css({ flexGrow: 1, color: theme.colors.text.secondary }),
  value: css({ fontVariantNumeric: 'tabular-nums' }),
  marker: css({
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(1),
    marginTop: theme.spacing(0.5),
    paddingTop: theme.spacing(0.5),
    borderTop: `1px solid ${theme.colors.border.weak}`,
  }),
  text: css({ color: theme.colors.text.secondary }),
});
