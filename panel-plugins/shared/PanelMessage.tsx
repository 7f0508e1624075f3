/** What a panel shows instead of its chart: no data, or what is wrong with the data (shared by both panels). */
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

export function PanelMessage({ children, tone = 'info' }: { children: string; tone?: 'info' | 'error' }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.frame} role={tone === 'error' ? 'alert' : 'status'}>
      <p className={tone === 'error' ? styles.error : styles.info}>{children}</p>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  frame: css({
    display: 'flex',
    height: '100%',
    alignItems: 'center',
    justifyContent: 'center',
    padding: theme.spacing(2),
  }),
  info: css({ color: theme.colors.text.secondary, margin: 0, textAlign: 'center' }),
  error: css({ color: theme.colors.error.text, margin: 0, textAlign: 'center' }),
});
