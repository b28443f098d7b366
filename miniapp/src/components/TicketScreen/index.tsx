import { Text, View } from '@tarojs/components';
import { availableActions, TICKET_ACTION_LABELS } from '@smart-repair/shared';
import { useState } from 'react';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { hasRoute, ticketsApi, type ActionBody, type ActionWithRoute } from '../../services/tickets';
import { StateView } from '../StateView';
import { TicketSurcharges } from '../Surcharges';
import { Timeline } from '../Timeline';
import { Button } from '../ui';
import { ActionForm, needsForm } from './action-form';
import { TicketMessages } from './messages';
import { TicketFacts } from './ticket-facts';
import './index.scss';

/** Actions drawn as the main button; the rest are plain. */
const PRIMARY: readonly ActionWithRoute[] = [
  'take',
  'start',
  'complete',
  'pass',
  'dispatch',
  'rate',
  'accept',
  'claim',
];
const DANGER: readonly ActionWithRoute[] = ['cancel', 'close', 'return', 'rework'];

/**
 * One ticket for whoever opens it: its facts, the actions the shared lifecycle allows this person
 * now, its timeline and its messages. Used by every role's detail page.
 */
export function TicketScreen({ id }: { id: string }) {
  const ticket = useResource(() => ticketsApi.get(id), [id]);
  const events = useResource(() => ticketsApi.events(id), [id]);
  const [open, setOpen] = useState<ActionWithRoute>();
  const { busy, run } = useAction();

  const perform = async (action: ActionWithRoute, body: ActionBody = {}) => {
    const updated = await run(
      () => ticketsApi.perform(id, action, body),
      `已${TICKET_ACTION_LABELS[action]}`,
    );
    if (updated) {
      setOpen(undefined);
      await Promise.all([ticket.reload(), events.reload()]);
    }
  };

  const data = ticket.data;
  const actions = data ? availableActions(data.status, data.actors).filter(hasRoute) : [];

  return (
    <View className="ticket" data-testid="ticket-screen">
      <StateView
        loading={ticket.loading && !data}
        error={data ? undefined : ticket.error}
        onRetry={ticket.reload}
      >
        {data && (
          <>
            <TicketFacts ticket={data} />
            {actions.length > 0 && (
              <View className="ticket__card" data-testid="actions">
                {open ? (
                  <ActionForm
                    key={open}
                    ticket={data}
                    action={open}
                    busy={busy}
                    onSubmit={(body) => void perform(open, body)}
                    onCancel={() => setOpen(undefined)}
                  />
                ) : (
                  <View className="ticket__actions">
                    {actions.map((action) => (
                      <Button
                        key={action}
                        className="ticket__action"
                        type={
                          PRIMARY.includes(action)
                            ? 'primary'
                            : DANGER.includes(action)
                              ? 'danger'
                              : 'default'
                        }
                        fill={DANGER.includes(action) ? 'outline' : 'solid'}
                        disabled={busy}
                        data-testid={`action-${action}`}
                        onClick={() => (needsForm(action) ? setOpen(action) : void perform(action))}
                      >
                        {TICKET_ACTION_LABELS[action]}
                      </Button>
                    ))}
                  </View>
                )}
              </View>
            )}
            <TicketSurcharges
              ticket={data}
              onChanged={() => void Promise.all([ticket.reload(), events.reload()])}
            />
            <View className="ticket__card">
              <Text className="ticket__section">进度</Text>
              <StateView
                loading={events.loading && !events.data}
                error={events.error}
                onRetry={events.reload}
              >
                <Timeline events={events.data ?? []} />
              </StateView>
            </View>
            <TicketMessages ticketId={id} />
          </>
        )}
      </StateView>
    </View>
  );
}
