/** The Results tab of an engagement. */
export function ResultsTab() {
  return (
    <section className="tab-page">
      <div className="empty">
        <p>Measurable results will appear here.</p>
      </div>
    </section>
  );
}
