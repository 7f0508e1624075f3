/** Editing like a user in Testing Library, with Grafana's components. */
import { act, screen } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';
import type { DataSource } from '../src/datasource';

/** Types into a combobox (replacing what it shows) and clicks the option, as a user would. */
export async function choose(
  user: ReturnType<typeof userEvent.setup>,
  input: HTMLElement,
  text: string,
  option = text,
) {
  await user.tripleClick(input);
  await user.keyboard(text);
  await user.click(await screen.findByRole('option', { name: new RegExp(`^${option.replace('$', '\\$')}`) }));
}

/**
 * Call before rendering an editor; the returned function waits until the editor has the
 * processor's metrics and dimensions (a user opens a dropdown after they arrived).
 */
export function watchMetadata(datasource: DataSource): () => Promise<void> {
  const calls = [jest.spyOn(datasource, 'metrics'), jest.spyOn(datasource, 'dimensions')];
  return () =>
    act(async () => {
      await Promise.all(calls.map((spy) => spy.mock.results[0]?.value));
    });
}
