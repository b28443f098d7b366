import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { OPEN_SURCHARGE_STATUSES, type TicketStatus } from '@smart-repair/shared';
import { useRef, useState } from 'react';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { useSubscribeConsent } from '../../hooks/use-subscribe-consent';
import { platform } from '../../platform';
import { demoMode } from '../../services/auth';
import { paySurcharge } from '../../services/payment';
import { surchargesApi } from '../../services/surcharges';
import type { Surcharge, SurchargePayment, TicketDetail } from '../../services/types';
import { StateView } from '../StateView';
import { Button } from '../ui';
import { SurchargeCard } from './card';
import { DemoCashier } from './demo-cashier';
import { SurchargeForm } from './form';
import './index.scss';

/** Ticket states in which the engineers on the job may ask for a surcharge (as the server has it). */
const REQUESTABLE_IN: readonly TicketStatus[] = ['assigned', 'in_repair', 'completed'];

/**
 * The surcharges of a ticket (F2.7) on its screen: the engineers on the job ask for one, the office
 * approves level by level, the resident agrees and pays (or declines). Each card shows only the
 * buttons the server's `actions` allow; paying is offered to the reporter where this build can pay.
 */
export function TicketSurcharges({ ticket, onChanged }: { ticket: TicketDetail; onChanged: () => void }) {
  const surcharges = useResource(() => surchargesApi.forTicket(ticket.id), [ticket.id, ticket.status]);
  const demo = useResource(() => (platform.capabilities.pay ? Promise.resolve(false) : demoMode()), []);
  const [asking, setAsking] = useState(false);
  const [cashier, setCashier] = useState<SurchargePayment>();
  const closeCashier = useRef<(confirmed: boolean) => void>();
  const askConsent = useSubscribeConsent();
  const { busy, run } = useAction();

  const list = surcharges.data ?? [];
  const onJob = ticket.actors.includes('assignee') || ticket.actors.includes('assistant');
  const open = list.some((surcharge) => OPEN_SURCHARGE_STATUSES.includes(surcharge.status));
  const mayAsk = onJob && REQUESTABLE_IN.includes(ticket.status) && surcharges.data !== undefined && !open;
  const isReporter = ticket.actors.includes('reporter');
  const canPay = platform.capabilities.pay || demo.data === true;

  const act = async (work: () => Promise<unknown>, success: string) => {
    const done = await run(work, success);
    if (done !== undefined) {
      setAsking(false);
      await surcharges.reload();
      onChanged();
    }
  };

  const confirmDemo = (payment: SurchargePayment) =>
    new Promise<boolean>((resolve) => {
      closeCashier.current = (confirmed) => {
        setCashier(undefined);
        resolve(confirmed);
      };
      setCashier(payment);
    });

  const pay = async (surcharge: Surcharge) => {
    // WeChat asks for consent only inside a tap: the messages about the paid repair.
    await askConsent();
    const result = await run(() => paySurcharge(surcharge.id, confirmDemo));
    if (result === undefined) return;
    if (result.status === 'paid') void Taro.showToast({ title: '支付成功', icon: 'success' });
    else void Taro.showToast({ title: '支付结果确认中，请稍后刷新', icon: 'none' });
    await surcharges.reload();
    onChanged();
  };

  if (list.length === 0 && !mayAsk && !surcharges.error) return null;

  return (
    <View className="ticket__card" data-testid="surcharges">
      <Text className="ticket__section">加价</Text>
      <StateView
        loading={surcharges.loading && !surcharges.data}
        error={surcharges.error}
        onRetry={surcharges.reload}
      >
        {asking ? (
          <SurchargeForm
            ticketId={ticket.id}
            communityId={ticket.communityId}
            busy={busy}
            onSubmit={(work) => void act(work, '加价申请已提交')}
            onCancel={() => setAsking(false)}
          />
        ) : (
          mayAsk && (
            <Button
              type="primary"
              fill="outline"
              block
              data-testid="surcharge-ask"
              onClick={() => setAsking(true)}
            >
              申请加价
            </Button>
          )
        )}
        {list.map((surcharge) => (
          <SurchargeCard
            key={surcharge.id}
            surcharge={surcharge}
            busy={busy}
            onAction={(work, success) => void act(work, success)}
            onPay={
              isReporter && canPay && surcharge.status === 'awaiting_payment'
                ? () => void pay(surcharge)
                : undefined
            }
            payHint={
              isReporter && surcharge.status === 'awaiting_payment' && !canPay && !demo.loading
                ? '请在微信小程序中完成支付'
                : undefined
            }
          />
        ))}
      </StateView>
      {cashier && (
        <DemoCashier
          payment={cashier}
          onConfirm={() => closeCashier.current?.(true)}
          onCancel={() => closeCashier.current?.(false)}
        />
      )}
    </View>
  );
}
