import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQuery } from '../../../common/http/pagination';

const ID = '0193f1d2-5555-7b4e-9a55-3c2d1e0f9a8b';
const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class InboxQuery extends PageQuery {
  @ApiPropertyOptional({ example: true, description: 'Only messages not read yet' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  unread?: boolean;
}

export class InboxMessageView {
  @ApiProperty({ example: ID }) id!: string;
  @ApiProperty({ example: 'ticket.dispatch' }) kind!: string;
  @ApiProperty({ example: '新工单 261130-0007 待接单' }) title!: string;
  @ApiProperty({ example: '一区 › 1栋 › 1层 › 101室：厨房水龙头漏水' }) body!: string;
  @ApiProperty({ nullable: true, example: ID }) ticketId!: string | null;
  @ApiProperty({ example: false }) read!: boolean;
  @ApiProperty({ example: '2026-11-30T08:00:00.000Z' }) createdAt!: string;
}

export class InboxPageView {
  @ApiProperty({ type: [InboxMessageView] }) items!: InboxMessageView[];
  @ApiProperty({ example: 3, description: 'Unread messages in all' }) unread!: number;
  @ApiProperty({ example: 1 }) page!: number;
  @ApiProperty({ example: 20 }) pageSize!: number;
  @ApiProperty({ example: false }) hasMore!: boolean;
}
