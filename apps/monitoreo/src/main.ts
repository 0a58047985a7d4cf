import 'reflect-metadata';
import { startService } from '@alpes/platform';
import { AppModule } from './app.module';
import { SERVICE_DEFINITION } from './service-definition';

void startService(AppModule.forRoot(), SERVICE_DEFINITION);
