import type { PlatformAppKind } from '@smart-repair/shared';
import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { ID_LENGTH } from '../database/ids';
import { PLATFORM_APP_ID_MAX_LENGTH } from './platform-token.entity';

/**
 * One platform app an organisation signs people in with and sends messages through. An app
 * (appid, corpid, appKey) belongs to exactly one organisation, so a login code identifies the
 * tenant. The secret is kept encrypted (SecretBox) and never leaves the server.
 */
@Entity('platform_apps')
@Index('UQ_platform_apps_kind_app', ['kind', 'appId'], { unique: true })
@Index('IDX_platform_apps_org', ['organizationId', 'kind'])
export class PlatformAppEntity extends BaseEntity {
  @Column({ type: 'varchar', length: ID_LENGTH })
  organizationId!: string;

  @Column({ type: 'varchar', length: 24 })
  kind!: PlatformAppKind;

  /** WeChat appid, WeCom corpid, DingTalk appKey or Baidu AppKey. */
  @Column({ type: 'varchar', length: PLATFORM_APP_ID_MAX_LENGTH })
  appId!: string;

  /** What people see in the admin pages, e.g. 「阳光物业报修小程序」. */
  @Column({ type: 'varchar', length: 64 })
  name!: string;

  /** The app secret, AES-256-GCM under PLATFORM_SECRETS_KEY. */
  @Column({ type: 'varchar', length: 1024, select: false })
  secretCipher!: string;

  /** The secret's last four characters, so admins can tell which one is stored. */
  @Column({ type: 'varchar', length: 4 })
  secretHint!: string;

  /** WeCom `agentid` / DingTalk `agent_id` (messages carry it); digits, kept as text. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  agentId!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
