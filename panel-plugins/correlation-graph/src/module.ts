import { PanelPlugin, type SelectableValue } from '@grafana/data';
import { CORRELATION_KINDS } from '@llm-hub/query-contract';
import { CorrelationGraphPanel } from './components/CorrelationGraphPanel';
import { KIND_STYLES } from './graphStyle';
import { DEFAULT_OPTIONS, type CorrelationGraphOptions } from './types';

export const plugin = new PanelPlugin<CorrelationGraphOptions>(CorrelationGraphPanel).setPanelOptions(
  (builder) =>
    builder
      .addSliderInput({
        path: 'minStrength',
        name: 'Minimum strength',
        description: 'Links weaker than this (absolute strength) are hidden',
        category: ['Links'],
        defaultValue: DEFAULT_OPTIONS.minStrength,
        settings: { min: 0, max: 1, step: 0.05 },
      })
      .addMultiSelect({
        path: 'kinds',
        name: 'Kinds shown',
        description: 'Empty shows every kind',
        category: ['Links'],
        defaultValue: DEFAULT_OPTIONS.kinds,
        settings: {
          // Grafana types a multi-select's options by the whole value (an array); each is one kind.
          options: CORRELATION_KINDS.map((kind) => ({
            value: kind,
            label: KIND_STYLES[kind]?.label ?? kind,
          })) as unknown as Array<SelectableValue<string[]>>,
        },
      })
      .addRadio({
        path: 'colorBy',
        name: 'Colour nodes by',
        category: ['Nodes'],
        defaultValue: DEFAULT_OPTIONS.colorBy,
        settings: {
          options: [
            { value: 'type', label: 'Type' },
            { value: 'severity', label: 'Severity' },
          ],
        },
      })
      .addRadio({
        path: 'labels',
        name: 'Labels',
        description: 'Auto: large, highlighted and hovered nodes, and all when zoomed in',
        category: ['Nodes'],
        defaultValue: DEFAULT_OPTIONS.labels,
        settings: {
          options: [
            { value: 'auto', label: 'Auto' },
            { value: 'always', label: 'Always' },
            { value: 'never', label: 'Never' },
          ],
        },
      })
      .addSliderInput({
        path: 'layoutStrength',
        name: 'Layout spread',
        description: 'How strongly nodes push each other apart',
        category: ['Layout'],
        defaultValue: DEFAULT_OPTIONS.layoutStrength,
        settings: { min: 0.25, max: 4, step: 0.25 },
      })
      .addTextInput({
        path: 'variable',
        name: 'Variable to set on click',
        description: 'A dashboard variable (without $) set to the clicked node, e.g. model; empty sets none',
        category: ['Drill down'],
        defaultValue: DEFAULT_OPTIONS.variable,
      })
      .addBooleanSwitch({
        path: 'showLegend',
        name: 'Legend',
        category: ['Legend'],
        defaultValue: DEFAULT_OPTIONS.showLegend,
      }),
);
