import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, NavLink, useNavigate } from 'react-router';
import { post } from '../api/client';
import { useMe } from '../features/auth/use-me';

/** The frame of every signed-in page: brand, navigation, the person, and the content. */
export function Layout({ children }: { children: ReactNode }) {
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const logout = async () => {
    await post('/api/auth/logout').catch(() => {});
    qc.clear();
    navigate('/login');
  };
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand" aria-label="Carriage home">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>Carriage</span>
        </Link>
        <nav className="topbar__nav" aria-label="Main">
          <NavLink to="/" end>
            Engagements
          </NavLink>
          <NavLink to="/money">Money</NavLink>
          <NavLink to="/settings">Settings</NavLink>
        </nav>
        <div className="topbar__me">
          {me.data ? <span className="topbar__name">{me.data.user.name}</span> : null}
          <button type="button" className="btn btn--ghost" onClick={logout}>
            Log out
          </button>
        </div>
      </header>
      <main id="main" className="main">
        {children}
      </main>
    </div>
  );
}

/** The frame of the sign-up, log-in and reset pages. */
export function AuthFrame({ title, children, footer }: { title: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="auth">
      <div className="auth__card">
        <Link to="/" className="brand brand--center" aria-label="Carriage home">
          <img src="/favicon.svg" alt="" width="32" height="32" />
          <span>Carriage</span>
        </Link>
        <h1>{title}</h1>
        {children}
        {footer ? <div className="auth__footer">{footer}</div> : null}
      </div>
    </main>
  );
}
