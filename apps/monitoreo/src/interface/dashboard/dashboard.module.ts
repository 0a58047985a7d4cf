import { Module } from '@nestjs/common';

/** `/dashboard`: the live page and its static assets (chart library served by the app itself). */
@Module({ controllers: [], providers: [] })
export class DashboardModule {}
