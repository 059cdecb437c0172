// The dashboard's routes, registered together (server/register-routes.ts).
import type { FastifyInstance } from 'fastify';
import { registerDashboardPageRoutes } from './routes/dashboard-page-routes.js';
import { registerDashboardSessionRoutes, type DashboardSessionRouteDeps } from './routes/dashboard-session-routes.js';

export type DashboardRouteDeps = DashboardSessionRouteDeps;

export function registerDashboardRoutes(app: FastifyInstance, s: DashboardRouteDeps, distDir: string | undefined): void {
  registerDashboardSessionRoutes(app, s);
  registerDashboardPageRoutes(app, distDir);
}
