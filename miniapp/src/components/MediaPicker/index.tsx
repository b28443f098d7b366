import { Image, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { useAction } from '../../hooks/use-action';
import { platform, type PickedFile, type VoiceRecording } from '../../platform';
import { uploadAttachment } from '../../services/attachments';
import './index.scss';

/** A file already uploaded: its id goes with the report or completion, its local path shows it. */
export interface UploadedMedia {
  id: string;
  kind: PickedFile['kind'];
  localPath: string;
}

interface Props {
  communityId: string;
  value: readonly UploadedMedia[];
  onChange: (media: UploadedMedia[]) => void;
  images?: boolean;
  video?: boolean;
  voice?: boolean;
  maxImages?: number;
  testId?: string;
}

const KIND_LABELS = { image: '照片', video: '视频', audio: '语音' } as const;

/** Photos, a video and a voice note, each uploaded as soon as it is picked. */
export function MediaPicker({
  communityId,
  value,
  onChange,
  images = true,
  video = false,
  voice = false,
  maxImages = 9,
  testId = 'media',
}: Props) {
  const { busy, run } = useAction();
  const [recording, setRecording] = useState<VoiceRecording>();
  const imageCount = value.filter((media) => media.kind === 'image').length;

  const upload = async (files: readonly PickedFile[]) => {
    const uploaded: UploadedMedia[] = [];
    for (const file of files) {
      const attachment = await uploadAttachment(communityId, file);
      uploaded.push({ id: attachment.id, kind: attachment.kind, localPath: file.path });
    }
    onChange([...value, ...uploaded]);
  };

  const pickImages = () => run(async () => upload(await platform.chooseImages(maxImages - imageCount)));
  const pickVideo = () => run(async () => upload([await platform.chooseVideo()]));
  const toggleVoice = async () => {
    if (recording) {
      setRecording(undefined);
      await run(async () => upload([await recording.stop()]));
    } else {
      setRecording(await run(() => platform.startVoice()));
    }
  };

  return (
    <View className="media" data-testid={testId}>
      {value.map((media) => (
        <View key={media.id} className="media__item" data-testid={`${testId}-item`}>
          {media.kind === 'image' ? (
            <Image className="media__thumb" src={media.localPath} mode="aspectFill" />
          ) : (
            <Text className="media__label">{KIND_LABELS[media.kind]}</Text>
          )}
          <Text
            className="media__remove"
            onClick={() => onChange(value.filter((other) => other.id !== media.id))}
          >
            ×
          </Text>
        </View>
      ))}
      {images && imageCount < maxImages && (
        <View
          className="media__add"
          data-testid={`${testId}-add-image`}
          onClick={busy ? undefined : pickImages}
        >
          <Text>{busy ? '上传中' : '+ 照片'}</Text>
        </View>
      )}
      {video && platform.capabilities.video && (
        <View
          className="media__add"
          data-testid={`${testId}-add-video`}
          onClick={busy ? undefined : pickVideo}
        >
          <Text>+ 视频</Text>
        </View>
      )}
      {voice && platform.capabilities.voice && (
        <View className="media__add" data-testid={`${testId}-voice`} onClick={toggleVoice}>
          <Text>{recording ? '■ 停止' : '● 语音'}</Text>
        </View>
      )}
    </View>
  );
}
