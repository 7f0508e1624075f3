import { PanelPlugin } from '@grafana/data';
import { ForecastBandPanel } from './components/ForecastBandPanel';
import { DEFAULT_FIELDS, DEFAULT_OPTIONS, type FieldNames, type ForecastBandOptions } from './types';

const FIELD_LABELS: Record<keyof FieldNames, string> = {
  time: 'Time',
  actual: 'Actual',
  forecast: 'Forecast',
  lowerInner: 'Inner band, lower',
  upperInner: 'Inner band, upper',
  lowerOuter: 'Outer band, lower',
  upperOuter: 'Outer band, upper',
};

export const plugin = new PanelPlugin<ForecastBandOptions>(ForecastBandPanel).setPanelOptions((builder) => {
  for (const [key, name] of Object.entries(FIELD_LABELS) as Array<[keyof FieldNames, string]>) {
    builder.addFieldNamePicker({
      path: `fields.${key}`,
      name,
      category: ['Fields'],
      defaultValue: DEFAULT_FIELDS[key],
      settings: { noFieldsMessage: 'No fields in the data yet' },
    });
  }
  builder
    .addRadio({
      path: 'bandLevels',
      name: 'Bands',
      category: ['Bands'],
      defaultValue: DEFAULT_OPTIONS.bandLevels,
      settings: {
        options: [
          { value: 'both', label: 'Both' },
          { value: 'inner', label: 'Inner' },
          { value: 'outer', label: 'Outer' },
          { value: 'none', label: 'None' },
        ],
      },
    })
    .addTextInput({
      path: 'innerLabel',
      name: 'Inner band level',
      category: ['Bands'],
      defaultValue: DEFAULT_OPTIONS.innerLabel,
    })
    .addTextInput({
      path: 'outerLabel',
      name: 'Outer band level',
      category: ['Bands'],
      defaultValue: DEFAULT_OPTIONS.outerLabel,
    })
    .addColorPicker({
      path: 'bandColor',
      name: 'Band colour',
      category: ['Bands'],
      defaultValue: DEFAULT_OPTIONS.bandColor,
    })
    .addSliderInput({
      path: 'innerOpacity',
      name: 'Inner band opacity',
      category: ['Bands'],
      defaultValue: DEFAULT_OPTIONS.innerOpacity,
      settings: { min: 0, max: 100, step: 5 },
    })
    .addSliderInput({
      path: 'outerOpacity',
      name: 'Outer band opacity',
      category: ['Bands'],
      defaultValue: DEFAULT_OPTIONS.outerOpacity,
      settings: { min: 0, max: 100, step: 5 },
    })
    .addRadio({
      path: 'markers',
      name: 'Anomaly markers from',
      description: 'An anomalies query of this panel, the dashboard annotations, or both',
      category: ['Markers'],
      defaultValue: DEFAULT_OPTIONS.markers,
      settings: {
        options: [
          { value: 'both', label: 'Both' },
          { value: 'frames', label: 'Anomalies query' },
          { value: 'annotations', label: 'Annotations' },
          { value: 'none', label: 'None' },
        ],
      },
    })
    .addNumberInput({
      path: 'threshold',
      name: 'Budget or threshold',
      description: 'Draws a horizontal line at this value (in the field unit); empty for none',
      category: ['Markers'],
    })
    .addTextInput({
      path: 'thresholdLabel',
      name: 'Threshold label',
      category: ['Markers'],
      defaultValue: DEFAULT_OPTIONS.thresholdLabel,
      showIf: (options) => options.threshold !== undefined,
    })
    .addBooleanSwitch({
      path: 'showNow',
      name: 'Now marker',
      category: ['Markers'],
      defaultValue: DEFAULT_OPTIONS.showNow,
    })
    .addBooleanSwitch({
      path: 'showLegend',
      name: 'Legend',
      category: ['Legend'],
      defaultValue: DEFAULT_OPTIONS.showLegend,
    });
});
