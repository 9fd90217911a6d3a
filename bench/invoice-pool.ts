// Unpaid invoices for the mark-as-paid route of the benchmark: each request pays one that nobody paid
// before, so that every request is a real payment. Written straight into the benchmark's SQLite file
// (copies of a demo customer, each with its own user, and months of unpaid invoices) before the
// servers start.
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';

export interface PoolInvoice {
  invoice: number;
  no_services: string;
}

export function addUnpaidInvoices(file: string, customers: number, months: number): PoolInvoice[] {
  const db = new Database(file);
  const pool: PoolInvoice[] = [];
  try {
    db.transaction(() => {
      const customer = db.prepare("select * from customers where no_services = '28900001'").get() as Record<string, unknown>;
      const user = db.prepare('select * from users where id = ?').get(customer.user_id) as Record<string, unknown>;
      const insert = (table: string, row: Record<string, unknown>) => {
        const { id: _, ...values } = row;
        const columns = Object.keys(values);
        return db.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`).run(...Object.values(values)).lastInsertRowid;
      };
      const invoice = db.prepare(`insert into invoices (number, customer_id, month, year, amount, tax, discount, status, due_date, isolir_date, created_at)
        values (?, ?, ?, ?, 333000, 33000, 0, 'unpaid', ?, ?, '2026-01-01 00:00:00')`);
      for (let c = 0; c < customers; c++) {
        const email = `bench-payer-${c}@example.com`;
        const userId = insert('users', { ...user, uid: randomUUID(), email });
        const noServices = `BENCHPAY${String(c).padStart(5, '0')}`;
        const customerId = insert('customers', { ...customer, uid: `bench-${c}`, user_id: userId, email, no_services: noServices, user_mikrotik: null });
        for (let m = 0; m < months; m++) {
          const year = 2000 + Math.floor(m / 12);
          const month = (m % 12) + 1;
          const number = 800_000_000 + c * months + m;
          const day = `${year}-${String(month).padStart(2, '0')}`;
          invoice.run(number, customerId, month, year, `${day}-10`, `${day}-20`);
          pool.push({ invoice: number, no_services: noServices });
        }
      }
    })();
  } finally {
    db.close();
  }
  return pool;
}
