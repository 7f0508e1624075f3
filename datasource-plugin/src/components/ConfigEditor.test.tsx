import type { DataSourceSettings } from '@grafana/data';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { HubDataSourceOptions, HubSecureJsonData } from '../types';
import { ConfigEditor } from './ConfigEditor';

type Settings = DataSourceSettings<HubDataSourceOptions, HubSecureJsonData>;

function renderConfig(jsonData: HubDataSourceOptions = {}, secureJsonFields: Record<string, boolean> = {}) {
  const onOptionsChange = jest.fn();
  const options = { jsonData, secureJsonFields, secureJsonData: {} } as unknown as Settings;
  const { rerender } = render(<ConfigEditor options={options} onOptionsChange={onOptionsChange} />);
  return { onOptionsChange, rerender, user: userEvent.setup() };
}

const last = (mock: jest.Mock): Settings => mock.mock.calls.at(-1)[0];

test('the URL, default tenant and timeout go to jsonData; a missing URL is flagged', async () => {
  const { onOptionsChange, user } = renderConfig();
  expect(screen.getByText('The URL is required')).toBeInTheDocument();
  await user.type(screen.getByLabelText(/^URL/), 'h');
  expect(last(onOptionsChange).jsonData).toEqual({ url: 'h' });
  await user.type(screen.getByLabelText(/^Default tenant/), 'a');
  expect(last(onOptionsChange).jsonData).toEqual({ defaultTenant: 'a' });
  await user.type(screen.getByLabelText(/^Timeout/), '9');
  expect(last(onOptionsChange).jsonData).toEqual({ timeoutSeconds: 9 });
});

test('the API key goes to secureJsonData only', async () => {
  const { onOptionsChange, user } = renderConfig({ url: 'http://processor:8080' });
  expect(screen.queryByText('The URL is required')).toBeNull();
  await user.type(screen.getByLabelText(/^API key/), 'k');
  expect(last(onOptionsChange).secureJsonData).toEqual({ apiKey: 'k' });
  expect(last(onOptionsChange).jsonData).toEqual({ url: 'http://processor:8080' });
});

test('a stored key shows as configured and can be reset, never shown', async () => {
  const { onOptionsChange, user } = renderConfig({ url: 'http://processor:8080' }, { apiKey: true });
  expect(screen.getByLabelText(/^API key/)).toHaveValue('configured');
  await user.click(screen.getByRole('button', { name: 'Reset' }));
  expect(last(onOptionsChange)).toMatchObject({
    secureJsonFields: { apiKey: false },
    secureJsonData: { apiKey: '' },
  });
});
