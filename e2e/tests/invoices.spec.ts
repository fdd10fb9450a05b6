import { expect, test } from '@playwright/test';
import { expectAccessible } from '../support/axe';
import { apiAs, coachAndCoachee } from '../support/engagement';
import { waitForMail } from '../support/helpers';

function isoDay(offsetDays: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offsetDays);
  return d.toISOString().slice(0, 10);
}

test('from a signed contract and two held sessions to a paid invoice', async ({ browser }) => {
  const { coach, eli, engagementUrl, coacheeEmail } = await coachAndCoachee(browser);
  const engagementId = engagementUrl.split('/e/')[1];

  // The starting point, set up through the API: a signed per-session contract and two held sessions.
  const members = (await apiAs(coach, 'GET', `/api/engagements/${engagementId}/members`)).members as { userId: string; role: string }[];
  const contract = await apiAs(coach, 'POST', `/api/engagements/${engagementId}/contracts`, {
    template: 'individual',
    startsOn: isoDay(-30),
    endsOn: isoDay(60),
    rate: { amountMinor: 15000, currency: 'EUR', unit: 'per_session' },
    deliverables: [{ description: 'A plan for the first 90 days' }],
    signers: members.map((m) => ({ userId: m.userId })),
  });
  await apiAs(coach, 'POST', `/api/contracts/${contract.id}/send`);
  await apiAs(eli, 'POST', `/api/contracts/${contract.id}/sign`, { typedName: 'Eli Coachee', consent: true });
  await apiAs(coach, 'POST', `/api/contracts/${contract.id}/sign`, { typedName: 'Nora Coach', consent: true });
  for (const days of [-14, -7]) {
    const { sessions } = await apiAs(coach, 'POST', `/api/engagements/${engagementId}/sessions`, {
      startsAt: `${isoDay(days)}T09:00:00+00:00`,
      durationMinutes: 60,
      timeZone: 'UTC',
    });
    await apiAs(coach, 'PATCH', `/api/sessions/${sessions[0].id}`, { status: 'held' });
  }

  // The coach's business details, in Settings.
  await coach.goto('/settings');
  await coach.getByLabel('Business name').fill('Nora Coaching');
  await coach.getByLabel('Business address').fill('3 Quay Street\nBristol');
  await coach.getByLabel('Payment instructions').fill('Bank transfer to IBAN GB00 TEST 1234');
  await coach.getByLabel('Payment link').fill('https://pay.example.com/nora?amount={amount}');
  await coach.getByRole('button', { name: 'Save invoicing details' }).click();
  await expect(coach.getByText('Saved.').last()).toBeVisible();
  await expectAccessible(coach, 'settings: invoicing');

  // Draft the invoice from the contract: one line per held session.
  await coach.goto(`${engagementUrl}/invoices`);
  await expectAccessible(coach, 'invoices tab, no invoice yet');
  await coach.getByRole('button', { name: 'Draft the next invoice' }).click();
  await expect(coach.getByRole('heading', { name: 'Draft invoice' })).toBeVisible();
  await expect(coach.getByRole('row').filter({ hasText: 'Coaching session on' })).toHaveCount(2);
  await expect(coach.getByTestId('invoice-total')).toHaveText('€300.00');
  await expectAccessible(coach, 'draft invoice');

  // The coach adds a line, then issues it.
  await coach.getByText('Add a line').click();
  await coach.getByLabel('Description').fill('Workbook');
  await coach.getByLabel('Unit price (EUR)').fill('24.50');
  await coach.getByRole('button', { name: 'Add the line' }).click();
  await expect(coach.getByTestId('invoice-total')).toHaveText('€324.50');
  await coach.getByRole('button', { name: 'Issue and send' }).click();
  await expect(coach.getByTestId('invoice-state')).toHaveText('Issued');
  const number = ((await coach.getByRole('heading', { level: 2 }).first().textContent()) ?? '').replace('Invoice ', '');
  expect(number).toMatch(/^\d{4}-001$/);
  await expect(coach.getByRole('button', { name: 'Add the line' })).toHaveCount(0);
  await expectAccessible(coach, 'issued invoice, coach');

  // The coachee, who is billed, gets the PDF by email and sees the invoice with a way to pay.
  const mail = await waitForMail(coacheeEmail, new RegExp(`Invoice ${number}`));
  expect(mail.attachments).toEqual([expect.objectContaining({ filename: `invoice-${number}.pdf`, contentType: 'application/pdf' })]);
  await eli.goto(`${engagementUrl}/invoices`);
  await eli.getByRole('link', { name: new RegExp(`Invoice ${number}`) }).click();
  await expect(eli.getByRole('link', { name: 'Pay €324.50 online' })).toHaveAttribute('href', 'https://pay.example.com/nora?amount=324.50');
  await expect(eli.getByText('Bank transfer to IBAN GB00 TEST 1234')).toBeVisible();
  await expectAccessible(eli, 'issued invoice, billed coachee');

  // The money arrives in two parts; the coach records both.
  await coach.getByLabel('Amount (EUR)').fill('100');
  await coach.getByRole('button', { name: 'Record payment' }).click();
  await expect(coach.getByTestId('invoice-state')).toHaveText('Partly paid');
  await coach.getByRole('button', { name: 'Record payment' }).click();
  await expect(coach.getByTestId('invoice-state')).toHaveText('Paid');
  // The coachee's page follows live; the header says the invoice is paid.
  await expect(eli.getByTestId('invoice-state')).toHaveText('Paid');
  await expect(eli.getByTestId('latest-invoice')).toHaveText(`· invoice ${number} paid`);
  // Beside it, the sessions held (a per-session rate names no package, so nothing is left to count).
  await expect(eli.getByTestId('sessions-held')).toHaveText('2 held');

  // The coach's money view counts it as paid this month.
  await coach.goto('/money');
  await expect(coach.getByTestId('paid-EUR')).toHaveText('€324.50');
  await expect(coach.getByTestId('outstanding-EUR')).toHaveText('€0.00');
  await expectAccessible(coach, 'money');
  await coach.goto(`${engagementUrl}/invoices`);
  await expect(coach.getByText('Paid', { exact: true })).toBeVisible();
  await expectAccessible(coach, 'invoices tab with a paid invoice');
});
