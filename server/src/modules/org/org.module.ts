import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CommunitiesController } from './communities.controller';
import { CommunitiesService } from './communities.service';
import { LocationsController } from './locations.controller';
import { LocationsService } from './locations.service';

@Module({
  imports: [AuditModule],
  controllers: [CommunitiesController, LocationsController],
  providers: [CommunitiesService, LocationsService],
})
export class OrgModule {}
