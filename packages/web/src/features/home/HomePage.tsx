import { useMe } from '../auth/use-me';

/** "Your engagements": the starting page after logging in. */
export function HomePage() {
  const me = useMe();
  return (
    <section className="page">
      <header className="page__header">
        <div>
          <h1>Your engagements</h1>
          <p className="muted">Welcome, {me.data?.user.name}.</p>
        </div>
      </header>
      <div className="empty">
        <h2>No engagements yet</h2>
        <p>When a coach invites you, or you start coaching someone, the engagement appears here.</p>
      </div>
    </section>
  );
}
