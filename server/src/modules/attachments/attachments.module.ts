import { Module } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AuditModule } from '../audit/audit.module';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';
import { FILE_STORAGE } from './storage/file-storage';
import { LocalDiskStorage } from './storage/local-disk-storage';

/**
 * Photos, videos and voice notes of tickets (F1.2, F2.4, R10). Files go to FILE_STORAGE (a folder
 * on disk here; object storage can be provided instead). The tickets module claims uploads through
 * AttachmentsService and provides TICKET_ACCESS, which decides who sees a claimed file.
 */
@Module({
  imports: [AuditModule],
  controllers: [AttachmentsController],
  providers: [
    AttachmentsService,
    {
      provide: FILE_STORAGE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new LocalDiskStorage(config.uploadDir),
    },
  ],
  exports: [AttachmentsService],
})
export class AttachmentsModule {}
