/**
 * Connection settings: the processor's URL and default tenant (jsonData) and the API key
 * (secureJsonData: encrypted by Grafana, added to requests by the data source proxy, never sent back
 * to the browser).
 */
import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Field, FieldSet, Input, SecretInput } from '@grafana/ui';
import type { ChangeEvent } from 'react';
import type { HubDataSourceOptions, HubSecureJsonData } from '../types';

type Props = DataSourcePluginOptionsEditorProps<HubDataSourceOptions, HubSecureJsonData>;

export function ConfigEditor({ options, onOptionsChange }: Props) {
  const { jsonData, secureJsonFields, secureJsonData } = options;
  const setJsonData = (changes: Partial<HubDataSourceOptions>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, ...changes } });
  const text = (key: 'url' | 'defaultTenant') => (event: ChangeEvent<HTMLInputElement>) =>
    setJsonData({ [key]: event.currentTarget.value.trim() || undefined });
  return (
    <>
      <FieldSet label="Processor">
        <Field
          label="URL"
          description="The processor's base URL as Grafana's server reaches it (requests go through Grafana's data source proxy)"
          required
          invalid={!jsonData.url}
          error="The URL is required"
        >
          <Input
            id="hub-config-url"
            width={48}
            value={jsonData.url ?? ''}
            placeholder="http://llm-hub-processor:8080"
            onChange={text('url')}
          />
        </Field>
        <Field
          label="API key"
          description="A key with the read scope (POST /api/v1/keys with an admin key); kept encrypted, never sent to browsers"
        >
          <SecretInput
            id="hub-config-api-key"
            width={48}
            isConfigured={Boolean(secureJsonFields?.apiKey)}
            value={secureJsonData?.apiKey ?? ''}
            placeholder="the key, shown once when it was created"
            onReset={() =>
              onOptionsChange({
                ...options,
                secureJsonFields: { ...secureJsonFields, apiKey: false },
                secureJsonData: { ...secureJsonData, apiKey: '' },
              })
            }
            onChange={(event: ChangeEvent<HTMLInputElement>) =>
              onOptionsChange({
                ...options,
                secureJsonData: { ...secureJsonData, apiKey: event.currentTarget.value },
              })
            }
          />
        </Field>
      </FieldSet>
      <FieldSet label="Queries">
        <Field
          label="Default tenant"
          description="Applied to queries that do not filter on tenant themselves"
        >
          <Input
            id="hub-config-tenant"
            width={48}
            value={jsonData.defaultTenant ?? ''}
            placeholder="all tenants"
            onChange={text('defaultTenant')}
          />
        </Field>
        <Field
          label="Timeout (seconds)"
          description="How long a query may take before the panel reports a timeout"
        >
          <Input
            id="hub-config-timeout"
            type="number"
            width={16}
            value={jsonData.timeoutSeconds ?? ''}
            placeholder="30"
            onChange={(event: ChangeEvent<HTMLInputElement>) => {
              const seconds = Number(event.currentTarget.value);
              setJsonData({ timeoutSeconds: seconds > 0 ? seconds : undefined });
            }}
          />
        </Field>
      </FieldSet>
    </>
  );
}
