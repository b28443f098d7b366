import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1796019956462Mysql implements MigrationInterface {
  name = 'Initial1796019956462Mysql';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `audit_events` (`id` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `communityId` varchar(36) NULL, `actorId` varchar(36) NULL, `action` varchar(48) NOT NULL, `targetType` varchar(32) NOT NULL, `targetId` varchar(36) NOT NULL, `data` text NULL, `requestId` varchar(64) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `IDX_audit_events_target` (`targetType`, `targetId`), INDEX `IDX_audit_events_org_created` (`organizationId`, `createdAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `organizations` (`id` varchar(36) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `code` varchar(32) NOT NULL, `name` varchar(64) NOT NULL, UNIQUE INDEX `IDX_7e27c3b62c681fbe3e2322535f` (`code`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `communities` (`id` varchar(36) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `organizationId` varchar(36) NOT NULL, `code` varchar(32) NOT NULL, `name` varchar(64) NOT NULL, `address` varchar(200) NOT NULL DEFAULT '', `active` tinyint NOT NULL DEFAULT 1, UNIQUE INDEX `UQ_communities_org_code` (`organizationId`, `code`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `trades` (`id` varchar(36) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `organizationId` varchar(36) NOT NULL, `communityId` varchar(36) NOT NULL, `code` varchar(32) NOT NULL, `name` varchar(64) NOT NULL, `description` varchar(500) NOT NULL DEFAULT '', `active` tinyint NOT NULL DEFAULT 1, UNIQUE INDEX `UQ_trades_community_code` (`communityId`, `code`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `repair_categories` (`id` varchar(36) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `organizationId` varchar(36) NOT NULL, `communityId` varchar(36) NOT NULL, `tradeId` varchar(36) NOT NULL, `code` varchar(32) NOT NULL, `name` varchar(64) NOT NULL, `description` varchar(500) NOT NULL DEFAULT '', `active` tinyint NOT NULL DEFAULT 1, `sortOrder` int NOT NULL DEFAULT '0', INDEX `IDX_repair_categories_trade` (`tradeId`), UNIQUE INDEX `UQ_repair_categories_community_code` (`communityId`, `code`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `locations` (`id` varchar(36) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `organizationId` varchar(36) NOT NULL, `communityId` varchar(36) NOT NULL, `parentId` varchar(36) NULL, `areaId` varchar(36) NOT NULL, `kind` varchar(16) NOT NULL, `name` varchar(64) NOT NULL, `code` varchar(32) NULL, `sortOrder` int NOT NULL DEFAULT '0', UNIQUE INDEX `UQ_locations_community_code` (`communityId`, `code`), INDEX `IDX_locations_community_parent` (`communityId`, `parentId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `trade_areas` (`tradeId` varchar(36) NOT NULL, `areaId` varchar(36) NOT NULL, `communityId` varchar(36) NOT NULL, INDEX `IDX_trade_areas_area` (`areaId`), PRIMARY KEY (`tradeId`, `areaId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `users` (`id` varchar(36) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `organizationId` varchar(36) NOT NULL, `username` varchar(32) NULL, `phone` varchar(20) NULL, `name` varchar(64) NOT NULL, `passwordHash` varchar(255) NULL, `status` varchar(16) NOT NULL DEFAULT 'active', `onDuty` tinyint NOT NULL DEFAULT 1, `failedLoginCount` int NOT NULL DEFAULT '0', `lockedUntil` datetime(3) NULL, `lastLoginAt` datetime(3) NULL, UNIQUE INDEX `UQ_users_org_phone` (`organizationId`, `phone`), UNIQUE INDEX `IDX_fe0bb3f6520ee0469504521e71` (`username`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `trade_members` (`tradeId` varchar(36) NOT NULL, `userId` varchar(36) NOT NULL, `communityId` varchar(36) NOT NULL, INDEX `IDX_trade_members_user` (`userId`), PRIMARY KEY (`tradeId`, `userId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `role_assignments` (`id` varchar(36) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `organizationId` varchar(36) NOT NULL, `userId` varchar(36) NOT NULL, `communityId` varchar(36) NULL, `role` varchar(16) NOT NULL, INDEX `IDX_role_assignments_community_role` (`communityId`, `role`), INDEX `IDX_role_assignments_user` (`userId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `sessions` (`id` varchar(36) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `userId` varchar(36) NOT NULL, `refreshTokenHash` varchar(64) NOT NULL, `rotations` int NOT NULL DEFAULT '0', `expiresAt` datetime(3) NOT NULL, `revokedAt` datetime(3) NULL, `revokedReason` varchar(32) NULL, `userAgent` varchar(200) NOT NULL DEFAULT '', `ip` varchar(64) NOT NULL DEFAULT '', INDEX `IDX_sessions_user` (`userId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `communities` ADD CONSTRAINT `FK_0d1b7197beb1010ce1a6faaaf8a` FOREIGN KEY (`organizationId`) REFERENCES `organizations`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `trades` ADD CONSTRAINT `FK_d09412dfaaeef381c1c31e4c3d9` FOREIGN KEY (`communityId`) REFERENCES `communities`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `repair_categories` ADD CONSTRAINT `FK_45275c09b5f299792b69faa4a7f` FOREIGN KEY (`communityId`) REFERENCES `communities`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `repair_categories` ADD CONSTRAINT `FK_4b66a9ebeb779f5564c67e9c0a6` FOREIGN KEY (`tradeId`) REFERENCES `trades`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `locations` ADD CONSTRAINT `FK_fd085ea7e57acefa8e1649b7525` FOREIGN KEY (`communityId`) REFERENCES `communities`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `locations` ADD CONSTRAINT `FK_9f238930bae84c7eafad3785d7b` FOREIGN KEY (`parentId`) REFERENCES `locations`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `trade_areas` ADD CONSTRAINT `FK_d4c8e98641de96714eb403895ea` FOREIGN KEY (`tradeId`) REFERENCES `trades`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `trade_areas` ADD CONSTRAINT `FK_b012f57f014d165e1129664f076` FOREIGN KEY (`areaId`) REFERENCES `locations`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `users` ADD CONSTRAINT `FK_f3d6aea8fcca58182b2e80ce979` FOREIGN KEY (`organizationId`) REFERENCES `organizations`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `trade_members` ADD CONSTRAINT `FK_8574470936ff32cf4afdc290ad8` FOREIGN KEY (`tradeId`) REFERENCES `trades`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `trade_members` ADD CONSTRAINT `FK_95a102dd960019ce5b88bd1c63c` FOREIGN KEY (`userId`) REFERENCES `users`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `role_assignments` ADD CONSTRAINT `FK_4c31464b76da5895e211a5d2099` FOREIGN KEY (`userId`) REFERENCES `users`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `role_assignments` ADD CONSTRAINT `FK_b8abe3df9aaea2f24e76d0744ae` FOREIGN KEY (`communityId`) REFERENCES `communities`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `sessions` ADD CONSTRAINT `FK_57de40bc620f456c7311aa3a1e6` FOREIGN KEY (`userId`) REFERENCES `users`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `sessions` DROP FOREIGN KEY `FK_57de40bc620f456c7311aa3a1e6`");
    await queryRunner.query("ALTER TABLE `role_assignments` DROP FOREIGN KEY `FK_b8abe3df9aaea2f24e76d0744ae`");
    await queryRunner.query("ALTER TABLE `role_assignments` DROP FOREIGN KEY `FK_4c31464b76da5895e211a5d2099`");
    await queryRunner.query("ALTER TABLE `trade_members` DROP FOREIGN KEY `FK_95a102dd960019ce5b88bd1c63c`");
    await queryRunner.query("ALTER TABLE `trade_members` DROP FOREIGN KEY `FK_8574470936ff32cf4afdc290ad8`");
    await queryRunner.query("ALTER TABLE `users` DROP FOREIGN KEY `FK_f3d6aea8fcca58182b2e80ce979`");
    await queryRunner.query("ALTER TABLE `trade_areas` DROP FOREIGN KEY `FK_b012f57f014d165e1129664f076`");
    await queryRunner.query("ALTER TABLE `trade_areas` DROP FOREIGN KEY `FK_d4c8e98641de96714eb403895ea`");
    await queryRunner.query("ALTER TABLE `locations` DROP FOREIGN KEY `FK_9f238930bae84c7eafad3785d7b`");
    await queryRunner.query("ALTER TABLE `locations` DROP FOREIGN KEY `FK_fd085ea7e57acefa8e1649b7525`");
    await queryRunner.query("ALTER TABLE `repair_categories` DROP FOREIGN KEY `FK_4b66a9ebeb779f5564c67e9c0a6`");
    await queryRunner.query("ALTER TABLE `repair_categories` DROP FOREIGN KEY `FK_45275c09b5f299792b69faa4a7f`");
    await queryRunner.query("ALTER TABLE `trades` DROP FOREIGN KEY `FK_d09412dfaaeef381c1c31e4c3d9`");
    await queryRunner.query("ALTER TABLE `communities` DROP FOREIGN KEY `FK_0d1b7197beb1010ce1a6faaaf8a`");
    await queryRunner.query("DROP INDEX `IDX_sessions_user` ON `sessions`");
    await queryRunner.query("DROP TABLE `sessions`");
    await queryRunner.query("DROP INDEX `IDX_role_assignments_user` ON `role_assignments`");
    await queryRunner.query("DROP INDEX `IDX_role_assignments_community_role` ON `role_assignments`");
    await queryRunner.query("DROP TABLE `role_assignments`");
    await queryRunner.query("DROP INDEX `IDX_trade_members_user` ON `trade_members`");
    await queryRunner.query("DROP TABLE `trade_members`");
    await queryRunner.query("DROP INDEX `IDX_fe0bb3f6520ee0469504521e71` ON `users`");
    await queryRunner.query("DROP INDEX `UQ_users_org_phone` ON `users`");
    await queryRunner.query("DROP TABLE `users`");
    await queryRunner.query("DROP INDEX `IDX_trade_areas_area` ON `trade_areas`");
    await queryRunner.query("DROP TABLE `trade_areas`");
    await queryRunner.query("DROP INDEX `IDX_locations_community_parent` ON `locations`");
    await queryRunner.query("DROP INDEX `UQ_locations_community_code` ON `locations`");
    await queryRunner.query("DROP TABLE `locations`");
    await queryRunner.query("DROP INDEX `UQ_repair_categories_community_code` ON `repair_categories`");
    await queryRunner.query("DROP INDEX `IDX_repair_categories_trade` ON `repair_categories`");
    await queryRunner.query("DROP TABLE `repair_categories`");
    await queryRunner.query("DROP INDEX `UQ_trades_community_code` ON `trades`");
    await queryRunner.query("DROP TABLE `trades`");
    await queryRunner.query("DROP INDEX `UQ_communities_org_code` ON `communities`");
    await queryRunner.query("DROP TABLE `communities`");
    await queryRunner.query("DROP INDEX `IDX_7e27c3b62c681fbe3e2322535f` ON `organizations`");
    await queryRunner.query("DROP TABLE `organizations`");
    await queryRunner.query("DROP INDEX `IDX_audit_events_org_created` ON `audit_events`");
    await queryRunner.query("DROP INDEX `IDX_audit_events_target` ON `audit_events`");
    await queryRunner.query("DROP TABLE `audit_events`");
  }
}
