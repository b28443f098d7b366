import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '@smart-repair/shared';

export class DemoAccountView {
  @ApiProperty({ example: 'sunny.resident1' }) username!: string;
  @ApiProperty({ enum: ROLES, example: 'resident' }) role!: Role;
  @ApiProperty({ example: '孙女士' }) name!: string;
  @ApiProperty({ nullable: true, example: '阳光花园' }) communityName!: string | null;
}

export class DemoAccountsView {
  @ApiProperty({ example: true, description: 'The server runs with demo data' }) enabled!: boolean;
  @ApiProperty({ nullable: true, example: 'Repair#2026', description: 'Shared by every demo account' })
  password!: string | null;
  @ApiProperty({ type: [DemoAccountView] }) accounts!: DemoAccountView[];
}
