import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { PageRequest, type Paginated } from '@alpes/seedwork';
import { IsQueryInt } from './field.decorators';

/** `page` and `limit` of every list (DESIGN.md §6); extend it with the list's filters. */
export class PaginationQueryDto {
  @ApiPropertyOptional({ description: '1-based page number (digits only)', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, default: 1, type: 'integer' })
  @IsOptional()
  @IsQueryInt({ min: 1, max: Number.MAX_SAFE_INTEGER })
  page?: number;

  @ApiPropertyOptional({ description: 'items per page (digits only)', type: 'integer', minimum: 1, maximum: PageRequest.MAX_LIMIT, default: PageRequest.DEFAULT_LIMIT })
  @IsOptional()
  @IsQueryInt({ min: 1, max: PageRequest.MAX_LIMIT })
  limit?: number;
}

export function toPageRequest(query: PaginationQueryDto): PageRequest {
  return PageRequest.of({ page: query.page, limit: query.limit });
}

/** Maps the items of a page (domain → response DTO), keeping total/page/limit. */
export function mapPage<T, R>(page: Paginated<T>, map: (item: T) => R): Paginated<R> {
  return { items: page.items.map(map), total: page.total, page: page.page, limit: page.limit };
}
