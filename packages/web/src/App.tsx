import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { ForgotPasswordPage, LoginPage, ResetPasswordPage, SignupPage } from './features/auth/AuthPages';
import { useMe } from './features/auth/use-me';
import { HomePage } from './features/home/HomePage';
import { Layout } from './ui/Layout';

/** Shows the page to a signed-in person; sends anyone else to log in and back. */
function Private({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <div className="loading" aria-busy="true" />;
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <Layout>{children}</Layout>;
}

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/signup" element={<SignupPage />} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route
        path="/"
        element={
          <Private>
            <HomePage />
          </Private>
        }
      />
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
