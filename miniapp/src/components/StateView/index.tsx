import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { messageFor } from '../../constants/messages';
import type { ApiError } from '../../services/api-error';
import { Button } from '../ui';
import './index.scss';

interface Props {
  loading: boolean;
  error?: ApiError;
  /** Nothing to show: the empty state's text. */
  empty?: string | false;
  onRetry?: () => void;
  children?: ReactNode;
}

/** What a screen shows while loading, when loading failed, when there is nothing, or the content. */
export function StateView({ loading, error, empty = false, onRetry, children }: Props) {
  if (error) {
    return (
      <View className="state state--error" data-testid="state-error">
        <Text className="state__text">{messageFor(error.code)}</Text>
        {onRetry && (
          <Button size="small" type="primary" fill="outline" onClick={onRetry} data-testid="state-retry">
            重试
          </Button>
        )}
      </View>
    );
  }
  if (loading) {
    return (
      <View className="state" data-testid="state-loading">
        <Text className="state__text">加载中…</Text>
      </View>
    );
  }
  if (empty) {
    return (
      <View className="state" data-testid="state-empty">
        <Text className="state__text">{empty}</Text>
      </View>
    );
  }
  return <>{children}</>;
}
