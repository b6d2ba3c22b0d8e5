import { Button, Classes, Icon, Navbar, Spinner, Tag, Tooltip } from '@blueprintjs/core';
import { Suspense, useEffect } from 'react';
import { useRpcQuery } from '../queries/rpcQuery';
import { useConnectionStore } from '../stores/connection';
import { areaOf, useRouteStore } from '../stores/route';
import { useUiStore } from '../stores/ui';
import { AlarmBanner } from './AlarmBanner';
import { AREAS } from './areas';
import { ErrorBoundary } from './ErrorBoundary';
import { JobsPanel } from './JobsPanel';
import { StatusBar } from './StatusBar';

export function App() {
  const theme = useUiStore((s) => s.theme);
  const toggleTheme = useUiStore((s) => s.toggleTheme);
  const { path, navigate } = useRouteStore();
  const connected = useConnectionStore((s) => s.connected);
  const project = useRpcQuery('project.info', {});
  const area = AREAS.find((a) => a.id === areaOf(path)) ?? AREAS[0]!;

  useEffect(() => {
    document.body.classList.toggle(Classes.DARK, theme === 'dark');
    document.body.dataset.theme = theme;
  }, [theme]);
  useEffect(() => {
    // Electron's File > Export menu navigates through the preload bridge.
    const onMessage = (e: MessageEvent) => {
      const route = (e.data as { swbNavigate?: unknown } | null)?.swbNavigate;
      if (e.source === window && typeof route === 'string') navigate(route);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [navigate]);

  const Page = area.page;
  const groups = [...new Set(AREAS.map((a) => a.group))];
  return (
    <div className="swb-app">
      <Navbar className="swb-topbar">
        <Navbar.Group>
          <Navbar.Heading className="swb-brand">
            <Icon icon="oil-field" /> Station Workbench
          </Navbar.Heading>
          <Navbar.Divider />
          <span className="swb-project-name" data-testid="project-name">
            {project.data?.meta.name ?? '…'}
          </span>
          {project.data?.meta.stationName ? <Tag minimal className="swb-ml">{project.data.meta.stationName}</Tag> : null}
        </Navbar.Group>
        <Navbar.Group align="right">
          {!connected ? (
            <Tag intent="danger" icon="offline" data-testid="disconnected">
              Core disconnected — reconnecting
            </Tag>
          ) : null}
          <Tooltip content={theme === 'dark' ? 'Light theme' : 'Dark theme'}>
            <Button variant="minimal" icon={theme === 'dark' ? 'flash' : 'moon'} onClick={toggleTheme} aria-label="Toggle theme" data-testid="theme-toggle" />
          </Tooltip>
        </Navbar.Group>
      </Navbar>
      <AlarmBanner />
      <div className="swb-body">
        <nav className="swb-nav" aria-label="Areas">
          {groups.map((group) => (
            <div key={group} className="swb-nav-group">
              <div className="swb-nav-group-label">{group}</div>
              {AREAS.filter((a) => a.group === group).map((a) => (
                <button
                  key={a.id}
                  type="button"
                  className={`swb-nav-item${a.id === area.id ? ' swb-nav-item-active' : ''}`}
                  onClick={() => navigate(`/${a.id}`)}
                  data-testid={`nav-${a.id}`}
                  aria-current={a.id === area.id ? 'page' : undefined}
                >
                  <Icon icon={a.icon} size={14} />
                  <span>{a.label}</span>
                </button>
              ))}
            </div>
          ))}
        </nav>
        <main className="swb-main" data-testid={`page-${area.id}`}>
          <ErrorBoundary resetKey={area.id}>
            <Suspense fallback={<Spinner className="swb-center" />}>
              <Page />
            </Suspense>
          </ErrorBoundary>
        </main>
      </div>
      <StatusBar />
      <JobsPanel />
    </div>
  );
}
