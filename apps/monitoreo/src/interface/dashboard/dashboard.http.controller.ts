import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { createLogger } from '@alpes/messaging';

/**
 * Only this origin: no CDN, no inline script or style, no framing. Chart.js sizes its canvases through the CSSOM,
 * which `style-src 'self'` allows.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The page's files: copied next to the compiled controller by scripts/build_app.sh (it copies every `assets` folder
 * under src), and Chart.js from node_modules (its package `exports` hide `dist/chart.umd.min.js`, so it is found
 * beside the CommonJS entry).
 */
export function archivosDelDashboard(): Readonly<Record<string, string>> {
  const assets = join(__dirname, 'assets');
  return {
    'dashboard.html': join(assets, 'dashboard.html'),
    'dashboard.css': join(assets, 'dashboard.css'),
    'dashboard.js': join(assets, 'dashboard.js'),
    'favicon.svg': join(assets, 'favicon.svg'),
    'chart.umd.min.js': join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
  };
}

@ApiTags('dashboard')
@Controller('dashboard')
export class DashboardHttpController {
  private readonly archivos = archivosDelDashboard();
  private readonly log = createLogger('dashboard');

  constructor() {
    // A build that forgot the assets must not start and answer 404 on its own page.
    const faltan = Object.entries(this.archivos).filter(([, ruta]) => !existsSync(ruta));
    if (faltan.length > 0) {
      throw new Error(`dashboard assets missing: ${faltan.map(([, ruta]) => ruta).join(', ')} (scripts/build_app.sh copies src/**/assets)`);
    }
  }

  @Get()
  @ApiOperation({
    summary: 'Live dashboard (HTML page)',
    description:
      'Metrics over time, event mix, conversion rate, totals, sales value, subscription backlogs, DLQ sizes, services up ' +
      'and alerts. The page polls `/metrics`, `/alertas` and `/ecosistema`; `?period=1h|24h|7d` (default 24h) and ' +
      '`?interval=<seconds>` (default 5) set its period and polling interval. Chart.js is served by this app.',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the page', content: { 'text/html': { schema: { type: 'string' } } } })
  pagina(@Res() res: Response): void {
    this.enviar(res, 'dashboard.html');
  }

  @Get('assets/:archivo')
  @ApiExcludeEndpoint()
  asset(@Param('archivo') archivo: string, @Res() res: Response): void {
    if (!Object.prototype.hasOwnProperty.call(this.archivos, archivo) || archivo === 'dashboard.html') {
      throw new NotFoundException(`no dashboard asset named ${archivo}`);
    }
    this.enviar(res, archivo);
  }

  private enviar(res: Response, archivo: string): void {
    res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    // Revalidated every time (ETag / Last-Modified): a redeploy is seen at once, an unchanged file costs a 304.
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(this.archivos[archivo], (error) => {
      if (!error) return;
      this.log.error({ err: error, archivo }, 'dashboard asset could not be sent');
      if (!res.headersSent) res.status(500).json({ statusCode: 500, error: 'Internal Server Error', message: 'dashboard asset unavailable' });
    });
  }
}
