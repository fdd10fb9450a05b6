/** The Contract tab of an engagement. */
export function ContractTab() {
  return (
    <section className="tab-page">
      <div className="empty">
        <p>The contract and its signatures will appear here.</p>
      </div>
    </section>
  );
}
