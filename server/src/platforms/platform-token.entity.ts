import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Longest platform name (`wechat`, `wecom`, `dingtalk`, `baidu`). */
export const PLATFORM_NAME_MAX_LENGTH = 16;
/** Longest appid / corpid / appKey. */
export const PLATFORM_APP_ID_MAX_LENGTH = 64;
/** WeCom documents tokens of up to 512 bytes; the others are shorter. */
export const PLATFORM_TOKEN_MAX_LENGTH = 512;

/**
 * The current access token of one platform app, shared by every server process on the database.
 * `refreshingUntil` is a short lease: whoever moves it forward with one conditional UPDATE fetches
 * the next token while the others wait for the row. Not tenant data: apps serve every tenant.
 */
@Entity('platform_tokens')
export class PlatformTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: PLATFORM_NAME_MAX_LENGTH })
  platform!: string;

  @PrimaryColumn({ type: 'varchar', length: PLATFORM_APP_ID_MAX_LENGTH })
  appId!: string;

  /** Empty until the first fetch. */
  @Column({ type: 'varchar', length: PLATFORM_TOKEN_MAX_LENGTH })
  token!: string;

  /** When the platform stops accepting the token (UTC, ms); the epoch marks it invalid. */
  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  /** Nobody else starts a refresh before this instant (UTC, ms); null when nobody refreshes. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  refreshingUntil!: Date | null;

  @UpdateDateColumn()
  updatedAt!: Date;
}
