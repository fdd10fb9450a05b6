import { Route, Routes, useOutletContext } from 'react-router';
import type { Engagement } from '../../api/types';
import { SessionList } from './SessionList';
import { SessionRoom } from './SessionRoom';
import './sessions.css';

/** The Sessions tab of an engagement: the list and scheduling, and each session's room. */
export function SessionsTab() {
  const engagement = useOutletContext<Engagement>();
  return (
    <Routes>
      <Route index element={<SessionList engagement={engagement} />} />
      <Route path=":sessionId" element={<SessionRoom engagement={engagement} />} />
    </Routes>
  );
}
