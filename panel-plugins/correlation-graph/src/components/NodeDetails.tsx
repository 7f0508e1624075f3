/**
 * The selected node: what it is, what it is linked to, and where to go from it: the data links of
 * the nodes frame, and setting a dashboard variable to it (the dashboard's other panels follow).
 */
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { Button, IconButton, LinkButton, useStyles2 } from '@grafana/ui';
import type { GraphNode } from '../graphData';

interface Props {
  node: GraphNode;
  neighbours: GraphNode[];
  /** The dashboard variable to set, without `$`; empty for none. */
  variable: string;
  onClose: () => void;
}

const SHOWN_NEIGHBOURS = 8;

export function NodeDetails({ node, neighbours, variable, onClose }: Props) {
  const styles = useStyles2(getStyles);
  const links = node.links();
  const more = neighbours.length - SHOWN_NEIGHBOURS;
  return (
    <section className={styles.card} aria-label={`Selected: ${node.title}`}>
      <header className={styles.header}>
        <div>
          <div className={styles.title}>{node.title}</div>
          <div className={styles.muted}>
            {[node.subtitle, node.mainstat, node.secondarystat].filter(Boolean).join(' · ')}
          </div>
        </div>
        <IconButton name="times" tooltip="Clear the selection" onClick={onClose} />
      </header>
      <div className={styles.muted}>
        Linked to {neighbours.length} node{neighbours.length === 1 ? '' : 's'}
      </div>
      <ul className={styles.list}>
        {neighbours.slice(0, SHOWN_NEIGHBOURS).map((neighbour) => (
          <li key={neighbour.id}>{neighbour.title}</li>
        ))}
        {more > 0 && <li className={styles.muted}>and {more} more</li>}
      </ul>
      <div className={styles.actions}>
        {variable && (
          <Button
            size="sm"
            variant="secondary"
            icon="filter"
            className={styles.action}
            tooltip={`Set $${variable} = ${node.title}`}
            onClick={() => locationService.partial({ [`var-${variable}`]: node.title }, true)}
          >
            Set ${variable} = {node.title}
          </Button>
        )}
        {links.map((link) => (
          <LinkButton
            key={link.href}
            size="sm"
            variant="secondary"
            icon="external-link-alt"
            href={link.href}
            target={link.target}
            onClick={link.onClick}
          >
            {link.title}
          </LinkButton>
        ))}
      </div>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({
    position: 'absolute',
    right: theme.spacing(1),
    top: theme.spacing(1),
    width: 260,
    padding: theme.spacing(1, 1.5),
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    boxShadow: theme.shadows.z2,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  header: css({
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
  }),
  title: css({ fontSize: theme.typography.body.fontSize, fontWeight: theme.typography.fontWeightMedium }),
  muted: css({ color: theme.colors.text.secondary }),
  list: css({ listStyle: 'none', margin: theme.spacing(0.5, 0), padding: 0 }),
  actions: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) }),
  // A long node name shortens with an ellipsis (the tooltip has it whole) rather than overflow the card.
  action: css({
    maxWidth: '100%',
    '& > span': { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  }),
});
