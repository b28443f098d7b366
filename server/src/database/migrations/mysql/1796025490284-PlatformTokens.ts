import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PlatformTokensMysql1796025490284 implements MigrationInterface {
  name = 'PlatformTokensMysql1796025490284';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `platform_tokens` (`platform` varchar(16) NOT NULL, `appId` varchar(64) NOT NULL, `token` varchar(512) NOT NULL, `expiresAt` datetime(3) NOT NULL, `refreshingUntil` datetime(3) NULL, `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), PRIMARY KEY (`platform`, `appId`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE `platform_tokens`");
  }
}
