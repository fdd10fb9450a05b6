/** The Board tab of an engagement. */
export function BoardTab() {
  return (
    <section className="tab-page">
      <div className="empty">
        <p>The shared board of this engagement will appear here.</p>
      </div>
    </section>
  );
}
