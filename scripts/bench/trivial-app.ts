/**
 * Ceiling for the tracking benchmark: the cheapest NestJS endpoint this stack can serve on this machine — the same
 * Express adapter, JSON body parser and global ValidationPipe as the services (createValidationPipe of
 * @alpes/platform), a small DTO, and nothing behind it (no database, no broker). Started as its own process by
 * scripts/bench/tracking-bench.ts; prints "listening <port>" when ready.
 */
import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { IsOptional, IsString, IsUUID } from 'class-validator';
import { createValidationPipe } from '@alpes/platform';

class PingDto {
  @IsUUID() campana_id!: string;
  @IsUUID() afiliado_id!: string;
  @IsOptional() @IsString() usuario_id?: string;
  @IsOptional() @IsString() ip_address?: string;
  @IsOptional() @IsString() user_agent?: string;
}

@Controller()
class PingController {
  @Post('ping')
  @HttpCode(202)
  ping(@Body() body: PingDto): { id: string } {
    return { id: body.campana_id };
  }
}

@Module({ controllers: [PingController] })
class TrivialModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(TrivialModule, { logger: false, bodyParser: false });
  app.useBodyParser('json', { limit: '1mb' });
  app.useGlobalPipes(createValidationPipe());
  await app.listen(Number(process.env['PORT'] || 0), '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  process.stdout.write(`listening ${address.port}\n`);
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main();
