import { BeforeInsert, Column, CreateDateColumn, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { ID_LENGTH, newId } from './ids';

/** Columns every table has: a UUIDv7 key and when the row was made and last changed (UTC, ms). */
export abstract class BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  id!: string;

  @CreateDateColumn()
  createdAt!: Date;

  @UpdateDateColumn()
  updatedAt!: Date;

  @BeforeInsert()
  assignId(): void {
    if (!this.id) this.id = newId();
  }
}

/** A row that belongs to one community of one organisation; tenancy filters on both columns. */
export abstract class CommunityOwnedEntity extends BaseEntity {
  @Column({ type: 'varchar', length: ID_LENGTH })
  organizationId!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  communityId!: string;
}
