/**
 * Runs before anything else on a harness page: the boot data Grafana's server writes into every
 * page, which @grafana/runtime's config reads as it loads (defaults for everything not given).
 */
Object.assign(window, { grafanaBootData: { settings: { featureToggles: {} }, user: {}, navTree: [] } });
