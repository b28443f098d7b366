import type { AttachmentView } from './dto/attachments.dto';
import type { AttachmentEntity } from './entities/attachment.entity';

export function toAttachmentView(attachment: AttachmentEntity): AttachmentView {
  return {
    id: attachment.id,
    kind: attachment.kind,
    mime: attachment.mime,
    size: attachment.size,
    fileName: attachment.fileName,
    purpose: attachment.purpose,
    createdAt: attachment.createdAt.toISOString(),
    url: `/api/attachments/${attachment.id}`,
  };
}
