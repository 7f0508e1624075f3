/** The correlation graph being built: nodes by id, edges by kind, in Grafana Node Graph fields. */
import type { CORRELATION_KINDS, GraphEdge, GraphNode } from '@llm-hub/query-contract';

export type CorrelationKind = (typeof CORRELATION_KINDS)[number];

export type NodeType = 'module' | 'model' | 'route' | 'series';

export interface Link {
  kind: CorrelationKind;
  source: string;
  target: string;
  strength: number;
  lagMs: number;
  evidence: number;
}

const LABEL: Record<CorrelationKind, string> = {
  causal: 'causes',
  trace: 'shares traces with',
  temporal: 'busy together with',
  metric_lag: 'moves with',
  cost_performance: 'costs with',
  security_compliance: 'threats then violations',
  anomaly_cooccurrence: 'anomalous together',
};

export class GraphBuilder {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly links: Link[] = [];

  /** The node of a module, model, route or series, created on first mention. */
  node(type: NodeType, name: string, subtitle: string = type): string {
    const id = `${type}:${name}`;
    if (!this.nodes.has(id)) {
      this.nodes.set(id, {
        id,
        title: name,
        subtitle,
        mainstat: '',
        secondarystat: '',
        arc__anomalous: 0,
        arc__normal: 1,
        detail__type: type,
        detail__root_cause_rank: 0,
      });
    }
    return id;
  }

  get(id: string): GraphNode | undefined {
    return this.nodes.get(id);
  }

  link(link: Link): void {
    this.links.push(link);
  }

  edges(): GraphEdge[] {
    return this.links.map((l, i) => ({
      id: `${l.kind}-${i}`,
      source: l.source,
      target: l.target,
      mainstat: `${LABEL[l.kind]} ${l.strength.toFixed(2)}`,
      secondarystat: `${l.evidence} evidence${l.lagMs ? `, lag ${Math.round(l.lagMs / 1000)} s` : ''}`,
      thickness: 1 + 4 * Math.min(1, Math.abs(l.strength)),
      detail__kind: l.kind,
      detail__strength: l.strength,
      detail__lag_ms: l.lagMs,
      detail__evidence: l.evidence,
    }));
  }

  allNodes(): GraphNode[] {
    return [...this.nodes.values()];
  }
}
