/**
 * What the harness pages render inside: Grafana's theme (dark or light, from `?theme=`) and global
 * styles, and the stand-in services wired to the harness server's data source proxy.
 */
import { createTheme, ThemeContext } from '@grafana/data';
import { setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import { GlobalStyles } from '@grafana/ui';
import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBackendSrv, createTemplateSrv, fetchTransport, type TestVariable } from '../grafanaServices';

export const params = new URLSearchParams(window.location.search);

/** Grafana's dark or light theme, from `?theme=`. */
export const harnessTheme = () =>
  createTheme({ colors: { mode: params.get('theme') === 'light' ? 'light' : 'dark' } });

/** Call first: the stand-in services, before anything asks the processor. */
export function installGrafanaServices(variables: TestVariable[] = []) {
  setBackendSrv(createBackendSrv(fetchTransport));
  setTemplateSrv(createTemplateSrv(variables));
}

/** Renders `content` as Grafana would frame it, and marks the page ready once `ready` resolves. */
export function renderGrafanaPage(content: ReactNode, ready?: Promise<unknown>) {
  const theme = harnessTheme();
  document.body.style.margin = '0';
  const root = document.createElement('div');
  document.body.appendChild(root);
  createRoot(root).render(
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <div
        style={{ padding: theme.spacing(2), background: theme.colors.background.primary, minHeight: '100vh' }}
      >
        {content}
      </div>
    </ThemeContext.Provider>,
  );
  // The test waits for this before it looks or takes screenshots.
  void Promise.resolve(ready).then(() =>
    setTimeout(() => document.body.setAttribute('data-harness-ready', 'true'), 300),
  );
}
