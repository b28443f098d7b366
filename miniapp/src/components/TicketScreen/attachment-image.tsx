import { Image, Text } from '@tarojs/components';
import { attachmentSource } from '../../services/attachments';
import type { TicketAttachment } from '../../services/types';
import { useResource } from '../../hooks/use-resource';

/** A protected photo: fetched with the access token, then shown from its local copy. */
export function AttachmentImage({ attachment }: { attachment: TicketAttachment }) {
  const source = useResource(() => attachmentSource(attachment.url), [attachment.url]);
  if (source.data === undefined)
    return <Text className="ticket__media-placeholder">{source.error ? '无法加载' : '…'}</Text>;
  return (
    <Image
      className="ticket__photo"
      src={source.data}
      mode="aspectFill"
      data-testid={`photo-${attachment.purpose ?? 'other'}`}
    />
  );
}
