/**
 * Grafana's file provisioning formats, as its documentation describes them ("Provision Grafana":
 * data sources, dashboards; "Use configuration files to provision alerting resources": alert
 * rules, contact points, notification policies): field names, types, required keys. Objects are
 * closed, so a misspelt key is an error rather than a setting Grafana silently ignores.
 */
import { Type, type TSchema } from '@sinclair/typebox';

const closed = <T extends Parameters<typeof Type.Object>[0]>(properties: T) =>
  Type.Object(properties, { additionalProperties: false });
const optional = Type.Optional;
/** Grafana's durations: 30s, 5m, 1h30m, 0s. */
const Duration = Type.String({ pattern: '^(\\d+(ms|s|m|h|d|w|y))+$' });
const StringMap = Type.Record(Type.String(), Type.String());
const ApiVersion = Type.Literal(1);

export const DatasourcesFile = closed({
  apiVersion: ApiVersion,
  prune: optional(Type.Boolean()),
  deleteDatasources: optional(Type.Array(closed({ name: Type.String(), orgId: optional(Type.Integer()) }))),
  datasources: Type.Array(
    closed({
      name: Type.String({ minLength: 1 }),
      type: Type.String({ minLength: 1 }),
      access: optional(Type.Union([Type.Literal('proxy'), Type.Literal('direct')])),
      orgId: optional(Type.Integer()),
      uid: optional(Type.String({ pattern: '^[a-zA-Z0-9_-]{1,40}$' })),
      url: optional(Type.String()),
      user: optional(Type.String()),
      database: optional(Type.String()),
      basicAuth: optional(Type.Boolean()),
      basicAuthUser: optional(Type.String()),
      withCredentials: optional(Type.Boolean()),
      isDefault: optional(Type.Boolean()),
      jsonData: optional(Type.Record(Type.String(), Type.Unknown())),
      secureJsonData: optional(StringMap),
      version: optional(Type.Integer()),
      editable: optional(Type.Boolean()),
    }),
  ),
});

export const DashboardProvidersFile = closed({
  apiVersion: ApiVersion,
  providers: Type.Array(
    closed({
      name: Type.String({ minLength: 1 }),
      orgId: optional(Type.Integer()),
      folder: optional(Type.String()),
      folderUid: optional(Type.String()),
      type: Type.Literal('file'),
      disableDeletion: optional(Type.Boolean()),
      updateIntervalSeconds: optional(Type.Integer({ minimum: 10 })),
      allowUiUpdates: optional(Type.Boolean()),
      options: closed({
        path: Type.String({ minLength: 1 }),
        foldersFromFilesStructure: optional(Type.Boolean()),
      }),
    }),
  ),
});

const AlertQuery = closed({
  refId: Type.String({ minLength: 1 }),
  queryType: optional(Type.String()),
  relativeTimeRange: optional(
    closed({ from: Type.Integer({ minimum: 0 }), to: Type.Integer({ minimum: 0 }) }),
  ),
  datasourceUid: Type.String({ minLength: 1 }),
  model: Type.Object({ refId: Type.String() }),
});

export const AlertRulesFile = closed({
  apiVersion: ApiVersion,
  groups: Type.Array(
    closed({
      orgId: Type.Integer(),
      name: Type.String({ minLength: 1 }),
      folder: Type.String({ minLength: 1 }),
      interval: Duration,
      rules: Type.Array(
        closed({
          uid: Type.String({ pattern: '^[a-zA-Z0-9_-]{1,40}$' }),
          title: Type.String({ minLength: 1 }),
          condition: Type.String({ minLength: 1 }),
          data: Type.Array(AlertQuery, { minItems: 1 }),
          noDataState: optional(
            Type.Union(['NoData', 'Alerting', 'OK', 'KeepLast'].map((s) => Type.Literal(s))),
          ),
          execErrState: optional(
            Type.Union(['Error', 'Alerting', 'OK', 'KeepLast'].map((s) => Type.Literal(s))),
          ),
          for: optional(Duration),
          annotations: optional(StringMap),
          labels: optional(StringMap),
          isPaused: optional(Type.Boolean()),
        }),
      ),
    }),
  ),
  deleteRules: optional(Type.Array(closed({ orgId: Type.Integer(), uid: Type.String() }))),
});

export const ContactPointsFile = closed({
  apiVersion: ApiVersion,
  contactPoints: Type.Array(
    closed({
      orgId: Type.Integer(),
      name: Type.String({ minLength: 1 }),
      receivers: Type.Array(
        closed({
          uid: Type.String({ pattern: '^[a-zA-Z0-9_-]{1,40}$' }),
          type: Type.String({ minLength: 1 }),
          settings: Type.Record(Type.String(), Type.Unknown()),
          disableResolveMessage: optional(Type.Boolean()),
        }),
        { minItems: 1 },
      ),
    }),
  ),
  deleteContactPoints: optional(Type.Array(closed({ orgId: Type.Integer(), uid: Type.String() }))),
});

/** The webhook integration's settings. */
export const WebhookSettings = closed({
  url: Type.String({ minLength: 1 }),
  httpMethod: optional(Type.Union([Type.Literal('POST'), Type.Literal('PUT')])),
  maxAlerts: optional(Type.Integer({ minimum: 0 })),
  username: optional(Type.String()),
  password: optional(Type.String()),
  authorization_scheme: optional(Type.String()),
  authorization_credentials: optional(Type.String()),
  title: optional(Type.String()),
  message: optional(Type.String()),
});

/** A notification policy's own settings; the root adds orgId and requires a receiver. */
const routeSettings = {
  group_by: optional(Type.Array(Type.String())),
  object_matchers: optional(
    Type.Array(
      Type.Tuple([
        Type.String(),
        Type.Union(['=', '!=', '=~', '!~'].map((op) => Type.Literal(op))),
        Type.String(),
      ]),
    ),
  ),
  mute_time_intervals: optional(Type.Array(Type.String())),
  continue: optional(Type.Boolean()),
  group_wait: optional(Duration),
  group_interval: optional(Duration),
  repeat_interval: optional(Duration),
};

const Route: TSchema = Type.Recursive((This) =>
  closed({ receiver: optional(Type.String()), ...routeSettings, routes: optional(Type.Array(This)) }),
);

export const PoliciesFile = closed({
  apiVersion: ApiVersion,
  policies: Type.Array(
    closed({
      orgId: Type.Integer(),
      receiver: Type.String({ minLength: 1 }),
      ...routeSettings,
      routes: optional(Type.Array(Route)),
    }),
  ),
  resetPolicies: optional(Type.Array(Type.Integer())),
});
