import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { AttachmentKind, AttachmentPurpose } from '@smart-repair/shared';
import { DataSource, In, IsNull, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { DomainException } from '../../common/errors/domain.exception';
import { newId } from '../../database/ids';
import { inTransaction } from '../../database/transaction';
import type { Principal } from '../../tenancy/principal';
import { TenantScope } from '../../tenancy/tenant-scope';
import { AuditService } from '../audit/audit.service';
import { toAttachmentView } from './attachments.mapper';
import type { AttachmentView } from './dto/attachments.dto';
import { AttachmentEntity } from './entities/attachment.entity';
import { displayFileName } from './file-names';
import { receiveFile } from './receive-file';
import { FILE_STORAGE, StoredFileMissingError, type FileStorage } from './storage/file-storage';
import { TICKET_ACCESS, type TicketAccess } from './ticket-access';
import type { UploadForm } from './upload-form';

/** What a ticket asks to take over when it is reported, completed or messaged. */
export interface ClaimInput {
  attachmentIds: string[];
  ticketId: string;
  communityId: string;
  purpose: AttachmentPurpose;
  /** The kinds this use allows (e.g. completion photos only); any kind when absent. */
  kinds?: AttachmentKind[];
}

/** An attachment ready to be sent: its sniffed type, size, display name and bytes. */
export interface AttachmentDownload {
  mime: string;
  size: number;
  fileName: string;
  stream: Readable;
}

/**
 * Photos, videos and voice notes (F1.2, F2.4) under the rules of R10. An upload belongs to its
 * uploader until a ticket claims it (claim(), called by the tickets module in its own
 * transaction); from then on whoever may see the ticket may download it.
 */
@Injectable()
export class AttachmentsService {
  private readonly logger = new Logger(AttachmentsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    // Optional: without the tickets module's rule, a claimed file is its uploader's alone.
    @Optional() @Inject(TICKET_ACCESS) private readonly ticketAccess?: TicketAccess,
  ) {}

  async upload(principal: Principal, form: UploadForm): Promise<AttachmentView> {
    // Checked before a byte of the file is read: a stranger's upload is refused at once.
    await TenantScope.community(this.dataSource.manager, principal, 'attachment.upload', form.communityId);
    const { data, type } = await receiveFile(form.content);
    await form.finish();
    const id = newId();
    const now = new Date();
    const month = String(now.getUTCMonth() + 1).padStart(2, '0');
    const storageKey = `${form.communityId}/${now.getUTCFullYear()}/${month}/${id}`;
    await this.storage.put(storageKey, data);
    try {
      const attachment = await inTransaction(this.dataSource, async (manager) => {
        const created = manager.create(AttachmentEntity, {
          id,
          organizationId: principal.organizationId,
          communityId: form.communityId,
          uploaderId: principal.userId,
          kind: type.kind,
          mime: type.mime,
          ext: type.ext,
          size: data.length,
          sha256: createHash('sha256').update(data).digest('hex'),
          storageKey,
          fileName: displayFileName(form.fileName, type.ext, id),
          ticketId: null,
          purpose: null,
        });
        await manager.save(created);
        await this.audit.recordBy(manager, principal, {
          communityId: created.communityId,
          action: 'attachment.upload',
          targetType: 'attachment',
          targetId: created.id,
          data: {
            kind: created.kind,
            mime: created.mime,
            size: created.size,
            sha256: created.sha256,
            fileName: created.fileName,
          },
        });
        return created;
      });
      return toAttachmentView(attachment);
    } catch (error) {
      // No row, no file: the bytes are not kept for an upload that was not recorded.
      await this.storage.remove(storageKey).catch(() => undefined);
      throw error;
    }
  }

  /** The file for a download by its uploader or by someone who may see the ticket holding it. */
  async open(principal: Principal, id: string): Promise<AttachmentDownload> {
    const attachment = await this.findVisible(this.dataSource.manager, principal, id);
    let stream: NodeJS.ReadableStream;
    try {
      stream = await this.storage.read(attachment.storageKey);
    } catch (error) {
      if (!(error instanceof StoredFileMissingError)) throw error;
      // Removed between the lookup and the read (or lost): gone for the caller either way.
      this.logger.warn(`Attachment ${id} has no stored file`);
      throw notFound(id);
    }
    return {
      mime: attachment.mime,
      size: attachment.size,
      fileName: attachment.fileName,
      stream: stream instanceof Readable ? stream : Readable.from(stream),
    };
  }

  /** Only the uploader removes a file, and only while no ticket has claimed it. */
  async remove(principal: Principal, id: string): Promise<void> {
    const removed = await inTransaction(this.dataSource, async (manager) => {
      const attachment = await this.findVisible(manager, principal, id);
      if (attachment.uploaderId !== principal.userId) {
        throw new DomainException('PERMISSION_DENIED', 'Only the uploader may remove a file', { id });
      }
      // Conditional, so a ticket claiming it at the same moment wins or loses cleanly.
      const result = await manager.delete(AttachmentEntity, {
        id,
        uploaderId: principal.userId,
        ticketId: IsNull(),
      });
      if (result.affected !== 1) throw inUse(id);
      await this.audit.recordBy(manager, principal, {
        communityId: attachment.communityId,
        action: 'attachment.delete',
        targetType: 'attachment',
        targetId: attachment.id,
        data: { fileName: attachment.fileName, sha256: attachment.sha256 },
      });
      return attachment;
    });
    // After the commit: a file left behind by a failure here is unreachable, never a dangling row.
    await this.storage.remove(removed.storageKey).catch((error: unknown) => {
      this.logger.warn(`Could not remove the file of attachment ${id}: ${String(error)}`);
    });
  }

  /**
   * Hands the caller's own, still unclaimed uploads in the community to a ticket. Runs in the
   * ticket's transaction (`manager`), so a refusal undoes the ticket's change too. One
   * conditional UPDATE takes them: of two tickets claiming one file, exactly one gets it.
   * Refuses with ATTACHMENT_INVALID naming every id that is not the caller's, not in the
   * community, of a kind not allowed, or already claimed.
   */
  async claim(manager: EntityManager, principal: Principal, input: ClaimInput): Promise<AttachmentView[]> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AttachmentsService.claim must run inside the transaction of the ticket change');
    }
    const ids = [...new Set(input.attachmentIds)];
    if (ids.length === 0) return [];
    const claimable: FindOptionsWhere<AttachmentEntity> = {
      id: In(ids),
      organizationId: principal.organizationId,
      communityId: input.communityId,
      uploaderId: principal.userId,
      ticketId: IsNull(),
      ...(input.kinds === undefined ? {} : { kind: In(input.kinds) }),
    };
    const found = new Set((await manager.find(AttachmentEntity, { where: claimable })).map((row) => row.id));
    const refused = ids.filter((id) => !found.has(id));
    if (refused.length > 0) throw invalid(refused);
    const result = await manager.update(AttachmentEntity, claimable, {
      ticketId: input.ticketId,
      purpose: input.purpose,
    });
    const claimed = await manager.find(AttachmentEntity, {
      where: { id: In(ids), ticketId: input.ticketId },
    });
    if (result.affected !== ids.length || claimed.length !== ids.length) {
      // Another ticket took some of them between the check and the update.
      const ours = new Set(claimed.map((row) => row.id));
      throw invalid(ids.filter((id) => !ours.has(id)));
    }
    await this.audit.record(manager, {
      organizationId: principal.organizationId,
      communityId: input.communityId,
      actorId: principal.userId,
      action: 'attachment.claim',
      targetType: 'ticket',
      targetId: input.ticketId,
      data: { attachmentIds: ids, purpose: input.purpose },
    });
    const byId = new Map(claimed.map((row) => [row.id, row]));
    return ids.map((id) => toAttachmentView(byId.get(id)!));
  }

  /** Everything a ticket has claimed, oldest first. The caller has checked the ticket is visible. */
  async listForTicket(
    ticketId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AttachmentView[]> {
    const rows = await manager.find(AttachmentEntity, {
      where: { ticketId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map(toAttachmentView);
  }

  /** Another tenant's file, or one the caller may not see, does not exist for them. */
  private async findVisible(
    manager: EntityManager,
    principal: Principal,
    id: string,
  ): Promise<AttachmentEntity> {
    const attachment = await manager.findOne(AttachmentEntity, {
      where: { id, organizationId: principal.organizationId },
    });
    if (attachment === null || !(await this.canSee(principal, attachment))) throw notFound(id);
    return attachment;
  }

  private async canSee(principal: Principal, attachment: AttachmentEntity): Promise<boolean> {
    if (attachment.uploaderId === principal.userId) return true;
    if (attachment.ticketId === null || this.ticketAccess === undefined) return false;
    return this.ticketAccess.canSee(principal, attachment.ticketId);
  }
}

/** Absent, another tenant's, or not the caller's to see: the same answer for all three. */
function notFound(id: string): DomainException {
  return new DomainException('ATTACHMENT_NOT_FOUND', 'Attachment not found', { id });
}

/** A ticket has claimed the file: it is part of the ticket's record now. */
function inUse(id: string): DomainException {
  return new DomainException('ATTACHMENT_IN_USE', 'This file belongs to a ticket now and cannot be deleted', {
    id,
  });
}

/** Files that are not the caller's own unclaimed uploads of this community (or of a wrong kind). */
function invalid(ids: string[]): DomainException {
  return new DomainException('ATTACHMENT_INVALID', 'Use your own new uploads of this community', {
    invalid: ids,
  });
}
