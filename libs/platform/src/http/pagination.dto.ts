import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { PageRequest, type Paginated } from '@alpes/seedwork';

/** `page` and `limit` of every list (DESIGN.md §6); extend it with the list's filters. */
export class PaginationQueryDto {
  @ApiPropertyOptional({ description: '1-based page number', minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ description: 'items per page', minimum: 1, maximum: PageRequest.MAX_LIMIT, default: PageRequest.DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PageRequest.MAX_LIMIT)
  limit?: number;
}

export function toPageRequest(query: PaginationQueryDto): PageRequest {
  return PageRequest.of({ page: query.page, limit: query.limit });
}

/** Maps the items of a page (domain → response DTO), keeping total/page/limit. */
export function mapPage<T, R>(page: Paginated<T>, map: (item: T) => R): Paginated<R> {
  return { items: page.items.map(map), total: page.total, page: page.page, limit: page.limit };
}
