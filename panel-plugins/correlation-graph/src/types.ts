/** The correlation graph's panel options (set in module.ts). */

export type ColorBy = 'type' | 'severity';
export type LabelMode = 'auto' | 'always' | 'never';

export interface CorrelationGraphOptions {
  /** Links weaker than this (absolute strength, 0–1) are left out. */
  minStrength: number;
  /** Kinds of link shown; empty shows every kind. */
  kinds: string[];
  colorBy: ColorBy;
  labels: LabelMode;
  /** How strongly nodes push each other apart (1 = d3-force's default spacing). */
  layoutStrength: number;
  /** A dashboard variable set to the clicked node's title (without `$`); empty sets none. */
  variable: string;
  showLegend: boolean;
}

export const DEFAULT_OPTIONS: CorrelationGraphOptions = {
  minStrength: 0,
  kinds: [],
  colorBy: 'type',
  labels: 'auto',
  layoutStrength: 1,
  variable: '',
  showLegend: true,
};
