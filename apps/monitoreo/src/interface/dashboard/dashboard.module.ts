import { Module } from '@nestjs/common';
import { DashboardHttpController } from './dashboard.http.controller';

/** `/dashboard`: the live page and its static assets (chart library served by the app itself). */
@Module({ controllers: [DashboardHttpController], providers: [] })
export class DashboardModule {}
