// GET and PUT /environment/connect-ui-settings: the Connect UI's look for the calling key's environment
// (issue 11 point 5). Nango's API names no such endpoint; the shape is its connectUISettings (nango-api.md
// §2.3) plus `logoUrl`. GET /connect/session hands the result to the Connect UI.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authedEnvironment } from '../../http/request-auth.js';
import { declareRoute, SECRET } from '../../http/route-contract.js';
import type { ConnectUiSettingsStore } from '../connect-ui-settings-store.js';

export interface ConnectUiSettingsRouteDeps {
  connectUiSettings: ConnectUiSettingsStore;
}

/** A data: URL logo is sent to every end user with the session: keep it small (64 KiB of text). */
export const LOGO_DATA_URL_MAX_CHARS = 64 * 1024;

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #rrggbb');
// An <img> never runs an SVG's scripts, so image/svg+xml is as safe as the raster types here.
const dataUrl = /^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/;
const logoUrl = z.union([
  z.string().max(2048).url().refine((u) => /^https:\/\//i.test(u), 'must be an https URL or a data:image/…;base64 URL'),
  z.string().max(LOGO_DATA_URL_MAX_CHARS, `a data: URL logo must be at most ${LOGO_DATA_URL_MAX_CHARS} characters`).regex(dataUrl, 'must be a base64 data:image/(png|jpeg|gif|webp|svg+xml) URL'),
]);

const settingsBody = z
  .object({
    theme: z.object({ light: z.object({ primary: colour }).strict().optional(), dark: z.object({ primary: colour }).strict().optional() }).strict().optional(),
    defaultTheme: z.enum(['light', 'dark', 'system']).optional(),
    showWatermark: z.boolean().optional(),
    logoUrl: logoUrl.nullable().optional(),
  })
  .strict();

const noQuery = z.object({}).strict();

export function registerConnectUiSettingsRoutes(app: FastifyInstance, s: ConnectUiSettingsRouteDeps): void {
  declareRoute(app, { method: 'GET', url: '/environment/connect-ui-settings', auth: SECRET, summary: "The environment's Connect UI settings (theme, primary colours, logo, watermark)", tag: 'Environment', query: noQuery }, async (req) => {
    const env = authedEnvironment(req);
    return { data: await s.connectUiSettings.get(env.id) };
  });

  declareRoute(app, { method: 'PUT', url: '/environment/connect-ui-settings', auth: SECRET, summary: "Change the environment's Connect UI settings; fields left out keep their value", tag: 'Environment', query: noQuery, body: settingsBody }, async (req, _reply, { body: b }) => {
    const env = authedEnvironment(req);
    const current = await s.connectUiSettings.get(env.id);
    const next = {
      theme: { light: b.theme?.light ?? current.theme.light, dark: b.theme?.dark ?? current.theme.dark },
      defaultTheme: b.defaultTheme ?? current.defaultTheme,
      showWatermark: b.showWatermark ?? current.showWatermark,
      logoUrl: b.logoUrl === undefined ? current.logoUrl : b.logoUrl,
    };
    return { data: await s.connectUiSettings.put(env.id, next) };
  });
}
