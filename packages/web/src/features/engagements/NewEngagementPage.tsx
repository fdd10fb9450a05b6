import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { post } from '../../api/client';
import type { Engagement, InvitationLinks, IssuedInvitation } from '../../api/types';
import { Field, FormError } from '../../ui/Field';
import { useSubmit } from '../auth/use-form';
import { engagementKeys } from './use-engagement';

interface Person {
  name: string;
  email: string;
}

function PeopleInputs({
  label,
  people,
  onChange,
  errors,
  prefix,
}: {
  label: string;
  people: Person[];
  onChange: (p: Person[]) => void;
  errors: Record<string, string>;
  prefix: string;
}) {
  return (
    <fieldset className="fieldset">
      <legend>{label}</legend>
      {people.map((p, i) => (
        <div className="person-row" key={`${prefix}-${i.toString()}`}>
          <Field
            label="Name"
            value={p.name}
            onChange={(e) => onChange(people.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))}
            error={errors[`${prefix}.${i}.name`]}
          />
          <Field
            label="Email"
            type="email"
            value={p.email}
            onChange={(e) => onChange(people.map((x, j) => (j === i ? { ...x, email: e.target.value } : x)))}
            error={errors[`${prefix}.${i}.email`]}
          />
          {people.length > 1 ? (
            <button
              type="button"
              className="btn btn--ghost btn--small"
              onClick={() => onChange(people.filter((_, j) => j !== i))}
              aria-label={`Remove ${label.toLowerCase()} ${i + 1}`}
            >
              Remove
            </button>
          ) : null}
        </div>
      ))}
      <button type="button" className="btn btn--small" onClick={() => onChange([...people, { name: '', email: '' }])}>
        Add another
      </button>
    </fieldset>
  );
}

/** A coach starts an engagement for a person or a company and invites their people. */
export function NewEngagementPage() {
  const [clientType, setClientType] = useState<'individual' | 'organization'>('individual');
  const [title, setTitle] = useState('');
  const [organizationName, setOrganizationName] = useState('');
  const [coachee, setCoachee] = useState<Person>({ name: '', email: '' });
  const [coachees, setCoachees] = useState<Person[]>([{ name: '', email: '' }]);
  const [sponsors, setSponsors] = useState<Person[]>([{ name: '', email: '' }]);
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const filled = (ps: Person[]) => ps.filter((p) => p.name.trim() || p.email.trim());
  const { busy, fields, message, submit } = useSubmit(async () => {
    const body: Record<string, unknown> = { title, clientType, startsOn: startsOn || undefined, endsOn: endsOn || undefined };
    if (clientType === 'individual') {
      if (coachee.name.trim() || coachee.email.trim()) body.coachee = coachee;
    } else {
      body.organizationName = organizationName;
      body.coachees = filled(coachees);
      body.sponsors = filled(sponsors);
    }
    const created = await post<Engagement & { invitations: IssuedInvitation[] }>('/api/engagements', body);
    await qc.invalidateQueries({ queryKey: engagementKeys.all });
    const invited: InvitationLinks = {
      emailed: created.invitations.every((i) => i.emailed),
      links: created.invitations.map((i) => ({ who: i.name || i.email, url: i.url })),
    };
    navigate(`/e/${created.id}/people`, { state: { notice: 'Engagement created.', invited } });
  });
  return (
    <section className="page page--narrow">
      <header className="page__header">
        <div>
          <h1>New engagement</h1>
          <p className="muted">You will be its coach. The dates are your plan; the signed contract fixes them later.</p>
        </div>
      </header>
      <form className="panel" onSubmit={submit} noValidate>
        <FormError message={message} />
        <Field label="Title" placeholder="e.g. Leadership coaching, spring" value={title} onChange={(e) => setTitle(e.target.value)} error={fields.title} />
        <fieldset className="fieldset">
          <legend>Who is the client?</legend>
          <div className="segmented" role="radiogroup">
            <label>
              <input type="radio" name="clientType" checked={clientType === 'individual'} onChange={() => setClientType('individual')} /> A person
            </label>
            <label>
              <input type="radio" name="clientType" checked={clientType === 'organization'} onChange={() => setClientType('organization')} /> A company
            </label>
          </div>
        </fieldset>
        {clientType === 'individual' ? (
          <fieldset className="fieldset">
            <legend>Coachee</legend>
            <div className="person-row">
              <Field
                label="Coachee’s name"
                value={coachee.name}
                onChange={(e) => setCoachee({ ...coachee, name: e.target.value })}
                error={fields['coachee.name']}
              />
              <Field
                label="Coachee’s email"
                type="email"
                value={coachee.email}
                onChange={(e) => setCoachee({ ...coachee, email: e.target.value })}
                error={fields['coachee.email']}
              />
            </div>
          </fieldset>
        ) : (
          <>
            <Field label="Company name" value={organizationName} onChange={(e) => setOrganizationName(e.target.value)} error={fields.organizationName} />
            <PeopleInputs label="Coachees" prefix="coachees" people={coachees} onChange={setCoachees} errors={fields} />
            <PeopleInputs label="Sponsors" prefix="sponsors" people={sponsors} onChange={setSponsors} errors={fields} />
          </>
        )}
        <div className="two-col">
          <Field label="Intended start" type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} error={fields.startsOn} />
          <Field label="Intended end" type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} error={fields.endsOn} />
        </div>
        <button className="btn btn--primary" type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create engagement and send invitations'}
        </button>
      </form>
    </section>
  );
}
