import type { LiveState } from '../../realtime/use-engagement-events';

const labels: Record<LiveState, string> = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', ended: 'Offline' };

/** Whether changes arrive live, said in words (the dot only repeats it); announced politely when it changes. */
export function LiveIndicator({ state }: { state: LiveState }) {
  return (
    <span role="status" className={`live-state live-state--${state}`} data-testid="live-state">
      <span className="live-dot" aria-hidden="true" />
      {labels[state]}
    </span>
  );
}
