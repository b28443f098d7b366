import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../../../database/base.entity';

/** A property company (物业总部); it owns communities and staff. */
@Entity('organizations')
export class OrganizationEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 32, unique: true })
  code!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;
}
