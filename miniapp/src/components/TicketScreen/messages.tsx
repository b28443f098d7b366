import { Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { ticketsApi } from '../../services/tickets';
import { formatTime } from '../../utils/format';
import { StateView } from '../StateView';
import { Button } from '../ui';

/** Messages among the reporter, the engineers and the office (F2.6). */
export function TicketMessages({ ticketId }: { ticketId: string }) {
  const messages = useResource(() => ticketsApi.messages(ticketId), [ticketId]);
  const [draft, setDraft] = useState('');
  const { busy, run } = useAction();

  const send = async () => {
    const sent = await run(() => ticketsApi.sendMessage(ticketId, draft.trim()));
    if (sent) {
      setDraft('');
      await messages.reload();
    }
  };

  return (
    <View className="ticket__card" data-testid="messages">
      <Text className="ticket__section">留言</Text>
      <StateView
        loading={messages.loading && !messages.data}
        error={messages.error}
        empty={messages.data?.length === 0 && '还没有留言'}
        onRetry={messages.reload}
      >
        {messages.data?.map((message) => (
          <View key={message.id} className="ticket__message" data-testid="message">
            <Text className="ticket__message-meta">
              {message.author.name} · {formatTime(message.createdAt)}
            </Text>
            <Text>{message.body}</Text>
          </View>
        ))}
      </StateView>
      <Textarea
        className="action-form__textarea"
        value={draft}
        maxlength={1000}
        placeholder="给对方留言"
        data-testid="message-input"
        onInput={(event) => setDraft(event.detail.value)}
      />
      <Button
        type="primary"
        size="small"
        disabled={draft.trim() === ''}
        loading={busy}
        onClick={send}
        data-testid="message-send"
      >
        发送
      </Button>
    </View>
  );
}
