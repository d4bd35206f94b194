// Dasbor pimpinan: region totals (/dashboard) and the per-agency table
// (/dashboard/agencies, also as CSV), for a period of calendar dates in WITA.
import { z } from '../openapi/zod.js';
import type { ApiContext } from '../context.js';
import { defineRoute, type ApiRouter } from '../http/route.js';
import { gatewayHealth } from '@naskah/signing';
import { dashboardCsv, dashboardPeriod, getDashboard } from '../use-cases/get-dashboard.js';

// Dates are checked by the use case, so a bad one is a 422 naming the field rather than a generic 400.
const periodQuery = {
  from: z.string().optional().openapi({ format: 'date', description: 'First day (WITA), default 1 January of this year' }),
  to: z.string().optional().openapi({ format: 'date', description: 'Last day, inclusive (WITA), default 31 December of this year' }),
};

const hours = z.number().nullable();
const figuresShape = {
  documentsCreated: z.number().int(),
  documentsSigned: z.number().int().openapi({ description: 'Finished by TTE (signed, distributed or archived), last signature in the period' }),
  documentsCancelled: z.number().int().openapi({ description: 'Cancelled after submission, in the period' }),
  tteAdoption: z.number().nullable().openapi({ description: 'Percent of routings ended in the period that ended in a TTE (signed / (signed + cancelled)); null when none ended' }),
  signaturesTimed: z.number().int().openapi({ description: 'Signed documents with a recorded submit time (the hours are over these)' }),
  medianSubmitToSignHours: hours,
  p90SubmitToSignHours: hours,
  openDispositions: z.number().int().openapi({ description: 'Created in the period, branch not closed by a follow-up' }),
  overdueDispositions: z.number().int().openapi({ description: 'Open and past their deadline now' }),
  agreements: z.number().int().openapi({ description: 'Agreements (not superseded) for the years of the period' }),
  progressReports: z.number().int(),
  agreementAchievement: z.number().nullable().openapi({ description: 'Mean achievement (percent) of progress reports for quarters overlapping the period' }),
};
const periodSchema = z.object({ from: z.string(), to: z.string() });
const scopeSchema = z.enum(['region', 'agency']);
const figuresSchema = z.object(figuresShape).openapi('DashboardFigures');
const agencyFiguresSchema = z.object({ agencyId: z.number().int(), code: z.string(), name: z.string(), ...figuresShape }).openapi('DashboardAgency');

const gatewayHealthSchema = z.object({
  url: z.string(), name: z.string(),
  state: z.enum(['closed', 'open', 'half-open']).openapi({ description: 'closed: calls go through; open: refused without sending until retryAt; half-open: the next call is a trial' }),
  consecutiveFailures: z.number().int(),
  lastFailure: z.object({ at: z.string(), code: z.string() }).nullable(),
  lastSuccessAt: z.string().nullable(),
  retryAt: z.string().nullable(),
}).openapi('SigningGatewayHealth');

export function dashboardRoutes(api: ApiRouter, ctx: ApiContext): void {
  defineRoute(api, {
    method: 'get', path: '/dashboard/signing-gateways', tag: 'dashboard', access: ['admin'],
    summary: 'The certificate providers’ signing gateways as this API process has found them (circuit breaker state); empty until one is called',
    response: z.array(gatewayHealthSchema),
  }, async () => gatewayHealth());

  defineRoute(api, {
    method: 'get', path: '/dashboard', tag: 'dashboard', access: 'any', errors: [422],
    query: z.object(periodQuery),
    summary: 'Leaders’ dashboard totals for a period: every agency for leaders, admins and auditors; your own agency otherwise',
    response: z.object({ period: periodSchema, scope: scopeSchema, agencyCount: z.number().int(), totals: figuresSchema }).openapi('Dashboard'),
  }, async ({ viewer, query }) => {
    const dashboard = await getDashboard(ctx.orm.em.fork(), viewer, dashboardPeriod(query));
    return { period: dashboard.period, scope: dashboard.scope, agencyCount: dashboard.agencies.length, totals: dashboard.totals };
  });

  defineRoute(api, {
    method: 'get', path: '/dashboard/agencies', tag: 'dashboard', access: 'any', errors: [422],
    query: z.object({ ...periodQuery, format: z.enum(['json', 'csv']).default('json').openapi({ description: 'csv: text/csv with Indonesian headers, semicolons and decimal commas' }) }),
    summary: 'Leaders’ dashboard per agency for a period (JSON, or CSV with format=csv)',
    response: z.object({ period: periodSchema, scope: scopeSchema, agencies: z.array(agencyFiguresSchema), totals: figuresSchema }).openapi('DashboardAgencies'),
    alsoAs: ['text/csv'],
  }, async ({ res, viewer, query }) => {
    const period = dashboardPeriod(query);
    const dashboard = await getDashboard(ctx.orm.em.fork(), viewer, period);
    if (query.format === 'csv') {
      res.status(200).type('text/csv; charset=utf-8')
        .setHeader('Content-Disposition', `attachment; filename="dasbor-opd-${period.from}-${period.to}.csv"`)
        .send(dashboardCsv(dashboard));
      return undefined;
    }
    return { period: dashboard.period, scope: dashboard.scope, agencies: dashboard.agencies, totals: dashboard.totals };
  });
}
