import { Component, lazy, Suspense, type ComponentType, type ErrorInfo, type LazyExoticComponent, type ReactNode } from 'react';
import { Button } from './button';
import { LoadingState } from './spinner';

/** A page's code could not be downloaded (offline, or a deploy replaced the hashed files since this tab opened). */
class PageLoadError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'PageLoadError';
  }
}

/**
 * A page whose code is fetched the first time it is shown. `load` resolves to the component;
 * a failed download becomes a {@link PageLoadError}, which {@link RouteBoundary} explains.
 */
export function lazyPage(load: () => Promise<ComponentType>): LazyExoticComponent<ComponentType> {
  return lazy(() =>
    load().then(
      (page) => ({ default: page }),
      (error: unknown) => {
        throw new PageLoadError(error);
      },
    ),
  );
}

interface BoundaryState {
  error: Error | null;
}

class PageLoadErrorBoundary extends Component<{ children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    if (error instanceof PageLoadError) console.warn('Could not load a page of Wavu', error.cause, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    // a page that broke while rendering is the route's error element's business
    if (error && !(error instanceof PageLoadError)) throw error;
    if (error) {
      return (
        <div className="state state-error" role="alert">
          <p className="state-title">This page could not be loaded</p>
          <p className="state-body">Check your connection. If Wavu was updated since you opened it, reloading fetches the new version.</p>
          <Button variant="secondary" onClick={() => window.location.reload()}>
            Reload
          </Button>
        </div>
      );
    }
    return this.props.children;
  }
}

/**
 * Wraps a lazily loaded page: a loading state while its code downloads, and "Reload" (never a blank
 * page) when the download fails. Any other error goes on to the route's own error element.
 * Give each page its own `key` so moving to a page not yet downloaded shows the loading state
 * instead of keeping the previous page on screen.
 */
export function RouteBoundary({ label = 'Loading…', children }: { label?: string; children: ReactNode }) {
  return (
    <PageLoadErrorBoundary>
      <Suspense fallback={<LoadingState label={label} />}>{children}</Suspense>
    </PageLoadErrorBoundary>
  );
}
