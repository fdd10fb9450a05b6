import type { FailedJob } from '@carriage/core';
import { useQuery } from '@tanstack/react-query';
import { get } from '../../api/client';
import { formatDateTime } from './format';
import { engagementKeys } from './use-engagement';

/** For the coach: emails of this engagement that could not be sent (yet), with the mail server's answer. Shown only when there are some. */
export function FailedJobs({ engagementId }: { engagementId: string }) {
  const q = useQuery({
    queryKey: engagementKeys.failedJobs(engagementId),
    queryFn: async () => (await get<{ jobs: FailedJob[] }>(`/api/engagements/${engagementId}/failed-jobs`)).jobs,
    refetchInterval: 10_000,
  });
  const jobs = q.data ?? [];
  if (jobs.length === 0) return null;
  return (
    <section className="panel mt" aria-labelledby="failed-jobs-h">
      <h2 id="failed-jobs-h">Emails that could not be sent</h2>
      <p className="small muted">
        Carriage tries each email again for about two hours. Check the address; for an invitation, revoke it and invite the right address, or resend it.
      </p>
      <ul className="people">
        {jobs.map((j) => (
          <li key={j.id}>
            <div>
              <strong>{j.what}</strong>
              <div className="small muted">
                {j.status === 'failed'
                  ? `Gave up after ${j.attempts} attempts, ${formatDateTime(j.updatedAt)}.`
                  : `Attempt ${j.attempts} of ${j.maxAttempts} failed; next try ${formatDateTime(j.nextAttemptAt)}.`}{' '}
                The mail server said: {j.lastError}
              </div>
            </div>
            <span className={`badge ${j.status === 'failed' ? 'badge--danger' : 'badge--warn'}`}>{j.status === 'failed' ? 'Not sent' : 'Retrying'}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
