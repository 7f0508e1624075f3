import { render, screen } from '@testing-library/react';
import { START } from '../../tests/frames';
import { ForecastTooltip } from './ForecastTooltip';

test('the time in the panel time zone, each row, and the anomalies under the cursor', () => {
  render(
    <ForecastTooltip
      time={START}
      timeZone="Europe/Berlin"
      rows={[
        { label: 'Forecast', color: 'blue', value: '$4.17' },
        { label: '80 % interval', color: 'blue', value: '$2.04 – $6.30' },
      ]}
      markers={[
        {
          time: START,
          severity: 'critical',
          title: 'critical spike: cost_usd sum',
          text: '90 where 14 was expected',
        },
      ]}
    />,
  );
  const tooltip = screen.getByTestId('forecast-tooltip');
  // Midnight UTC is 01:00 in Berlin in November.
  expect(tooltip).toHaveTextContent('2026-11-20 01:00:00');
  expect(tooltip).toHaveTextContent('Forecast$4.17');
  expect(tooltip).toHaveTextContent('80 % interval$2.04 – $6.30');
  expect(tooltip).toHaveTextContent('critical spike: cost_usd sum90 where 14 was expected');
});
