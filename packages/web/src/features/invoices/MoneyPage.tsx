import { formatMoney } from '@carriage/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatDate } from '../engagements/format';
import { invoiceTitle, type MoneyView, stateBadgeClass, stateLabels, useMoney } from './invoices-api';
import './invoices.css';

const periods: { value: MoneyView['period']; label: string }[] = [
  { value: 'month', label: 'Month' },
  { value: 'quarter', label: 'Quarter' },
  { value: 'year', label: 'Year' },
];

/** The coach's money across engagements: outstanding and overdue now, paid and invoiced per period and per engagement, CSV for accounting. */
export function MoneyPage() {
  const [period, setPeriod] = useState<MoneyView['period']>('month');
  const q = useMoney(period);
  const view = q.data;
  const thisPeriod = period === 'month' ? 'this month' : period === 'quarter' ? 'this quarter' : 'this year';
  return (
    <section className="page money">
      <header className="page__header money__header">
        <div>
          <h1>Money</h1>
          <p className="muted">What your clients owe you, what is late, and what came in. Each currency is counted on its own.</p>
        </div>
        <a className="btn" href="/api/money/invoices.csv" download>
          Export CSV
        </a>
      </header>
      {q.isPending ? <div className="loading" aria-busy="true" /> : null}
      {view ? (
        <div className="stack-lg">
          {view.totals.length === 0 ? (
            <p className="panel muted">No invoice issued yet. Invoices are drafted from a signed contract, in the engagement’s Invoices tab.</p>
          ) : (
            <div className="money-cards">
              {view.totals.map((t) => (
                <div className="money-card" key={t.currency}>
                  <p className="eyebrow">{t.currency}</p>
                  <dl>
                    <div>
                      <dt>Outstanding</dt>
                      <dd data-testid={`outstanding-${t.currency}`}>{formatMoney(t.outstandingMinor, t.currency)}</dd>
                    </div>
                    <div className={t.overdueMinor > 0 ? 'money-card__late' : ''}>
                      <dt>Overdue</dt>
                      <dd>{formatMoney(t.overdueMinor, t.currency)}</dd>
                    </div>
                    <div>
                      <dt>Paid {thisPeriod}</dt>
                      <dd data-testid={`paid-${t.currency}`}>{formatMoney(t.paidMinor, t.currency)}</dd>
                    </div>
                  </dl>
                </div>
              ))}
            </div>
          )}
          <section className="panel" aria-labelledby="periods-h">
            <div className="money__section-head">
              <h2 id="periods-h">Per {period}</h2>
              <div className="segmented" role="radiogroup" aria-label="Period">
                {periods.map((p) => (
                  <label key={p.value}>
                    <input type="radio" className="visually-hidden" name="period" checked={period === p.value} onChange={() => setPeriod(p.value)} />
                    {p.label}
                  </label>
                ))}
              </div>
            </div>
            {view.byPeriod.length === 0 ? <p className="muted small">Nothing yet.</p> : null}
            {view.byPeriod.length > 0 ? (
              <div className="table-scroll">
                <table className="data">
                  <thead>
                    <tr>
                      <th>Period</th>
                      <th className="num">Invoiced</th>
                      <th className="num">Paid</th>
                    </tr>
                  </thead>
                  <tbody>
                    {view.byPeriod.map((r) => (
                      <tr key={`${r.period}-${r.currency}`}>
                        <td>{r.period}</td>
                        <td className="num">{formatMoney(r.invoicedMinor, r.currency)}</td>
                        <td className="num">{formatMoney(r.paidMinor, r.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </section>
          <section className="panel" aria-labelledby="engagements-h">
            <h2 id="engagements-h">Per engagement</h2>
            {view.byEngagement.length === 0 ? <p className="muted small">Nothing yet.</p> : null}
            {view.byEngagement.length > 0 ? (
              <div className="table-scroll">
                <table className="data">
                  <thead>
                    <tr>
                      <th>Engagement</th>
                      <th className="num">Outstanding</th>
                      <th className="num">Overdue</th>
                      <th className="num">Paid</th>
                    </tr>
                  </thead>
                  <tbody>
                    {view.byEngagement.map((r) => (
                      <tr key={`${r.engagementId}-${r.currency}`}>
                        <td>
                          <Link to={`/e/${r.engagementId}/invoices`}>{r.title}</Link>
                        </td>
                        <td className="num">{formatMoney(r.outstandingMinor, r.currency)}</td>
                        <td className={`num${r.overdueMinor > 0 ? ' late' : ''}`}>{formatMoney(r.overdueMinor, r.currency)}</td>
                        <td className="num">{formatMoney(r.paidMinor, r.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </section>
          <section className="panel" aria-labelledby="all-invoices-h">
            <h2 id="all-invoices-h">Invoices</h2>
            {view.invoices.length === 0 ? <p className="muted small">Nothing yet.</p> : null}
            <ul className="invoice-rows">
              {view.invoices.map((i) => (
                <li key={i.id}>
                  <Link to={`/e/${i.engagementId}/invoices/${i.id}`} className="invoice-row">
                    <span className="invoice-row__title">{invoiceTitle(i)}</span>
                    <span className="invoice-row__amount">{formatMoney(i.totalMinor, i.currency)}</span>
                    <span className="small muted invoice-row__meta">
                      {i.engagementTitle} · {i.billedTo} · issued {formatDate(i.issuedOn)}
                      {i.kind === 'invoice' && i.dueOn ? ` · due ${formatDate(i.dueOn)}` : ''}
                    </span>
                    <span className={stateBadgeClass(i.state)}>{stateLabels[i.state]}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        </div>
      ) : null}
    </section>
  );
}
