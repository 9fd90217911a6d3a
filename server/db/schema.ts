// Table types for Kysely. Dates are text in Asia/Jakarta local time (`YYYY-MM-DD`,
// `YYYY-MM-DD HH:MM:SS`), flags are 0/1 integers: the same on SQLite and PostgreSQL.
import type { Generated } from 'kysely';

type Flag = 0 | 1;

export interface Database {
  companies: { id: Generated<number>; name: string; is_active: Flag };
  package_categories: { id: Generated<number>; name: string };
  packages: {
    id: Generated<number>;
    company_id: number;
    category_id: number;
    name: string;
    price: number;
    description: string | null;
    public: Flag;
    is_active: Flag;
  };
  id_types: { id: Generated<number>; name: string };
  users: {
    id: Generated<number>;
    uid: string;
    name: string;
    email: string;
    password_hash: string;
    phone: number;
    phonecode: number;
    address: string | null;
    image: string;
    /** The photo file the server stored for this user (UPLOAD_DIR/profile), the only one it deletes for them. */
    uploaded_image: string | null;
    gender: 'Male' | 'Female' | null;
    is_active: Flag;
    role_name: string;
    /** Moves on at every password change: tokens carrying an older version are refused. */
    token_version: Generated<number>;
    created_at: string;
    updated_at: string;
  };
  revoked_tokens: { jti: string; expires_at: number };
  customers: {
    id: Generated<number>;
    uid: string;
    user_id: number;
    company_id: number;
    no_services: string;
    name: string;
    email: string;
    phone: number;
    address: string | null;
    address_verified_date: string | null;
    register_date: string;
    activation_date: string | null;
    email_verified_date: string | null;
    id_card_verified_date: string | null;
    id_type_id: number;
    id_number: string;
    status: 'pending' | 'active' | 'isolir' | 'inactive';
    latitude: number | null;
    longitude: number | null;
    created_at: string;
    updated_at: string;
    router_id: number | null;
    mode: string | null;
    user_mikrotik: string | null;
    user_profile: string | null;
  };
  services: {
    id: Generated<number>;
    customer_id: number;
    package_id: number;
    qty: number;
    price: number;
    total: number;
    is_active: Flag;
    created_at: string;
  };
  password_otps: {
    id: Generated<number>;
    user_id: number;
    code_hash: string;
    destination: string;
    attempts: number;
    expires_at: number; // epoch seconds
    consumed: Flag;
    created_at: string;
  };
  help_types: { id: Generated<number>; name: string };
  help_solutions: { id: Generated<number>; help_type_id: number; name: string; solution: string };
  tickets: {
    id: Generated<number>;
    no_ticket: string;
    customer_id: number;
    help_type_id: number;
    help_solution_id: number;
    description: string;
    status: 'pending' | 'process' | 'closed';
    date_help: string;
    created_at: string;
    updated_at: string;
  };
  ticket_sequences: { date_help: string; last: number };
  /** The last sequence number given to an invoice of the period (year, month). */
  invoice_sequences: { year: number; month: number; last: number };
  ticket_events: {
    id: Generated<number>;
    ticket_id: number;
    remark: string;
    status: 'pending' | 'process' | 'closed';
    actor: string;
    action: string | null;
    created_at: string;
  };
  invoices: {
    id: Generated<number>;
    number: number;
    customer_id: number;
    month: number;
    year: number;
    amount: number;
    tax: number;
    discount: number;
    status: 'unpaid' | 'paid';
    due_date: string;
    isolir_date: string;
    payment_date: string | null;
    reference_no: string | null;
    /** The partner key (api_keys.id) that marked the invoice paid; null while unpaid, and for payments from before it was recorded. */
    paid_by_key_id: number | null;
    created_at: string;
  };
  invoice_lines: {
    id: Generated<number>;
    invoice_id: number;
    position: number;
    name: string;
    category: string;
    price: number;
    qty: number;
    disc: number;
    total: number;
    remark: string;
  };
  api_keys: {
    id: Generated<number>;
    name: string;
    key_hash: string;
    key_prefix: string;
    allowed_cidrs: string | null; // comma-separated CIDR blocks; null: any address
    is_active: Flag;
    created_at: string;
    revoked_at: string | null;
  };
  routers: {
    id: Generated<number>;
    company_id: number;
    alias: string;
    host: string;
    port: number;
    username: string;
    password: string; // the RouterOS API needs it in clear to log in
    isolation_profile: string;
  };
  fcm_tokens: {
    id: Generated<number>;
    user_id: number;
    token: string;
    platform: 'android' | 'ios' | 'web' | null;
    device_name: string | null;
    app_version: string | null;
    is_active: Flag;
    created_at: string;
    updated_at: string;
  };
  notifications: {
    id: Generated<number>;
    user_id: number;
    title: string;
    body: string;
    type: string;
    reference_type: string | null;
    reference_id: number | null;
    data_payload: string | null;
    created_at: string;
    updated_at: string;
  };
  notification_deliveries: {
    id: Generated<number>;
    notification_id: number;
    fcm_token_id: number;
    status: 'pending' | 'sent' | 'failed';
    response: string | null;
    error_message: string | null;
    sent_at: string | null;
    created_at: string;
    updated_at: string;
  };
}
