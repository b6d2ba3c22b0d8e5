import { Button, NonIdealState } from '@blueprintjs/core';
import { Component, type ReactNode } from 'react';

/** A page that throws shows what happened and a way back; the rest of the app keeps running. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { error: Error | undefined }> {
  override state = { error: undefined as Error | undefined };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override componentDidUpdate(prev: { resetKey: string }) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: undefined });
  }
  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <NonIdealState
        icon="error"
        title="This page failed"
        description={<pre className="swb-error-text">{this.state.error.message}</pre>}
        action={<Button text="Try again" onClick={() => this.setState({ error: undefined })} />}
      />
    );
  }
}
