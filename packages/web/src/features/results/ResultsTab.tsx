import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';

// The charts and their library load only when someone opens Results, keeping the first load small.
const ResultsPage = lazy(() => import('./ResultsPage'));
const SponsorReportPage = lazy(() => import('./SponsorReportPage'));

/** The Results tab of an engagement: the results page and the sponsor report. */
export function ResultsTab() {
  return (
    <Suspense fallback={<div className="loading" aria-busy="true" />}>
      <Routes>
        <Route index element={<ResultsPage />} />
        <Route path="sponsor-report" element={<SponsorReportPage />} />
      </Routes>
    </Suspense>
  );
}
