import type { Kysely } from 'kysely';
import type { NeutralMigration } from './index.js';

/**
 * Invoices from signed contracts: the coach's business details, who a contract bills, per-coach number
 * counters, invoices (and credit notes) with their lines and payments. Amounts are integer minor units
 * (bigint: a total in KWD fils can pass 2^31); quantities are thousandths, tax rates basis points.
 */
export const invoices: NeutralMigration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('business_profiles')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('tax_id', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('payment_instructions', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('payment_link', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('days_to_pay', 'integer', (c) => c.notNull().defaultTo(30))
      .addColumn('number_prefix', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('tax_rate_bp', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    // One row per coach and series (the year of issue): issuing takes this row's lock and its next number,
    // inside the issuing transaction, so numbers have no gaps even when two engagements issue at once.
    await db.schema
      .createTable('invoice_counters')
      .addColumn('coach_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('series', 'text', (c) => c.notNull())
      .addColumn('last_number', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('invoice_counters_pk', ['coach_id', 'series'])
      .execute();
    await db.schema
      .createTable('contract_billing')
      .addColumn('contract_id', 'text', (c) => c.primaryKey().references('contracts.id').onDelete('cascade'))
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
      .addColumn('legal_name', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('tax_id', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('updated_by', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('invoices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
      .addColumn('contract_id', 'text', (c) => c.references('contracts.id').onDelete('set null'))
      .addColumn('coach_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('number', 'text')
      .addColumn('series', 'text')
      .addColumn('sequence', 'integer')
      .addColumn('issued_on', 'text')
      .addColumn('due_on', 'text')
      .addColumn('days_to_pay', 'integer', (c) => c.notNull())
      .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('reverse_charge', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('credit_for_id', 'text', (c) => c.references('invoices.id'))
      .addColumn('net_minor', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('tax_minor', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('total_minor', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('paid_minor', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('seller', 'text')
      .addColumn('buyer', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('issued_at', 'text')
      .addColumn('paid_at', 'text')
      .addColumn('voided_at', 'text')
      .addColumn('void_reason', 'text')
      .addUniqueConstraint('invoices_number_per_coach', ['coach_id', 'number'])
      .execute();
    await db.schema.createIndex('invoices_engagement').on('invoices').columns(['engagement_id', 'created_at']).execute();
    await db.schema.createIndex('invoices_contract').on('invoices').column('contract_id').execute();
    await db.schema.createIndex('invoices_coach').on('invoices').columns(['coach_id', 'status']).execute();
    await db.schema
      .createTable('invoice_lines')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id').onDelete('cascade'))
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('quantity_milli', 'bigint', (c) => c.notNull())
      .addColumn('unit_minor', 'bigint', (c) => c.notNull())
      .addColumn('tax_rate_bp', 'integer', (c) => c.notNull())
      .addColumn('amount_minor', 'bigint', (c) => c.notNull())
      .addColumn('source_kind', 'text', (c) => c.notNull())
      .addColumn('source_key', 'text')
      .execute();
    await db.schema.createIndex('invoice_lines_invoice').on('invoice_lines').columns(['invoice_id', 'position']).execute();
    await db.schema
      .createTable('invoice_payments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id').onDelete('cascade'))
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
      .addColumn('paid_on', 'text', (c) => c.notNull())
      .addColumn('amount_minor', 'bigint', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('reference', 'text')
      // A payment provider's event id: a webhook delivered twice records one payment.
      .addColumn('provider_event_id', 'text', (c) => c.unique())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('invoice_payments_invoice').on('invoice_payments').columns(['invoice_id', 'paid_on']).execute();
  },
};
