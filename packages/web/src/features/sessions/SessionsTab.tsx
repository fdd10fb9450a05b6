/** The Sessions tab of an engagement. */
export function SessionsTab() {
  return (
    <section className="tab-page">
      <div className="empty">
        <p>Sessions with this client will appear here.</p>
      </div>
    </section>
  );
}
