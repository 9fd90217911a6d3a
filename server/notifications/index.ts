// The Notification component, and the notification a customer gets when an invoice is paid.
import type { AuthService } from '../auth/service.js';
import type { AppContext } from '../context.js';
import type { CustomerService } from '../customers/service.js';
import { notificationDelivery } from './delivery.js';
import { notificationRepository } from './repository.js';
import { notificationRoutes } from './routes.js';
import { notificationService } from './service.js';

export function notificationsComponent({ db, clock, pushSender }: AppContext, users: AuthService, customers: CustomerService) {
  const notifications = notificationRepository(db);
  const delivery = notificationDelivery(notifications, pushSender, clock);
  const service = notificationService({ notifications, customers, users, delivery, clock });
  return { notifications: service, invoicePaid: service.invoicePaid, router: notificationRoutes(service) };
}
