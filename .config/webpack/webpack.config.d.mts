// Types of what webpack.config.mjs exports to TypeScript users (the plugins' browser harness build).
import type { Configuration, RuleSetRule } from 'webpack';

export const GRAFANA_EXTERNALS: Configuration['externals'];
export const swcRule: RuleSetRule;
export const resolve: NonNullable<Configuration['resolve']>;
export default function pluginConfig(env?: Record<string, unknown>): Configuration;
