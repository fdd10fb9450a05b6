import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { ForgotPasswordPage, LoginPage, ResetPasswordPage, SignupPage } from './features/auth/AuthPages';
import { useMe } from './features/auth/use-me';
import { BoardTab } from './features/board/BoardTab';
import { EngagementLayout } from './features/engagements/EngagementLayout';
import { InvitationPage } from './features/engagements/InvitationPage';
import { NewEngagementPage } from './features/engagements/NewEngagementPage';
import { PeopleTab } from './features/engagements/PeopleTab';
import { useEngagement } from './features/engagements/use-engagement';
import { HomePage } from './features/home/HomePage';
import { ResultsTab } from './features/results/ResultsTab';
import { SettingsPage } from './features/settings/SettingsPage';
import { Layout } from './ui/Layout';

// Tabs a member opens less often load on first use, keeping the first page small.
const ContractTab = lazy(() => import('./features/contracts/ContractTab').then((m) => ({ default: m.ContractTab })));
const VerifyPage = lazy(() => import('./features/contracts/VerifyPage').then((m) => ({ default: m.VerifyPage })));
const SessionsTab = lazy(() => import('./features/sessions/SessionsTab').then((m) => ({ default: m.SessionsTab })));
const InvoicesTab = lazy(() => import('./features/invoices/InvoicesTab').then((m) => ({ default: m.InvoicesTab })));
const MoneyPage = lazy(() => import('./features/invoices/MoneyPage').then((m) => ({ default: m.MoneyPage })));
const CheckInPage = lazy(() => import('./features/measures/CheckInPage'));

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<div className="loading" aria-busy="true" />}>{children}</Suspense>;
}

/** Shows the page to a signed-in person; sends anyone else to log in and back. */
function Private({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <div className="loading" aria-busy="true" />;
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <Layout>{children}</Layout>;
}

/** The first tab a member sees: the board for those who work on it, results for a sponsor. */
function DefaultTab() {
  const { data } = useEngagement();
  if (!data) return null;
  return <Navigate to={data.abilities.includes('board.read') ? 'board' : 'results'} replace />;
}

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/signup" element={<SignupPage />} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route path="/invitation" element={<InvitationPage />} />
      <Route
        path="/verify"
        element={
          <Lazy>
            <VerifyPage />
          </Lazy>
        }
      />
      <Route
        path="/"
        element={
          <Private>
            <HomePage />
          </Private>
        }
      />
      <Route
        path="/settings"
        element={
          <Private>
            <SettingsPage />
          </Private>
        }
      />
      <Route
        path="/money"
        element={
          <Private>
            <Lazy>
              <MoneyPage />
            </Lazy>
          </Private>
        }
      />
      <Route
        path="/engagements/new"
        element={
          <Private>
            <NewEngagementPage />
          </Private>
        }
      />
      <Route
        path="/e/:engagementId"
        element={
          <Private>
            <EngagementLayout />
          </Private>
        }
      >
        <Route index element={<DefaultTab />} />
        <Route path="board" element={<BoardTab />} />
        <Route
          path="sessions/*"
          element={
            <Lazy>
              <SessionsTab />
            </Lazy>
          }
        />
        <Route
          path="contract/*"
          element={
            <Lazy>
              <ContractTab />
            </Lazy>
          }
        />
        <Route
          path="invoices/*"
          element={
            <Lazy>
              <InvoicesTab />
            </Lazy>
          }
        />
        <Route path="results/*" element={<ResultsTab />} />
        <Route
          path="check-in"
          element={
            <Lazy>
              <CheckInPage />
            </Lazy>
          }
        />
        <Route path="people" element={<PeopleTab />} />
      </Route>
      <Route
        path="*"
        element={
          <Private>
            <section className="page">
              <h1>Not found</h1>
              <p>This page does not exist, or you don't have access to it.</p>
            </section>
          </Private>
        }
      />
    </Routes>
  );
}
