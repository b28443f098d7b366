import { Text, Textarea, View } from '@tarojs/components';
import {
  formatFen,
  ROLE_LABELS,
  SURCHARGE_LIMITS,
  SURCHARGE_REASON_LABELS,
  SURCHARGE_STATUS_LABELS,
  type SurchargeStatus,
} from '@smart-repair/shared';
import { useState } from 'react';
import { surchargesApi } from '../../services/surcharges';
import type { Surcharge, SurchargeAction } from '../../services/types';
import { formatTime } from '../../utils/format';
import { Button, Tag } from '../ui';

export const SURCHARGE_ACTION_LABELS: Record<SurchargeAction, string> = {
  approve: '审批通过',
  refuse: '驳回',
  agree: '同意报价',
  decline: '拒绝报价',
  withdraw: '撤回加价',
};

/** Actions that need a written reason. */
const WITH_REASON: readonly SurchargeAction[] = ['refuse', 'decline', 'withdraw'];
const PRIMARY: readonly SurchargeAction[] = ['approve', 'agree'];

const STATUS_TAGS: Record<SurchargeStatus, 'default' | 'primary' | 'success' | 'danger' | 'warning'> = {
  pending_approval: 'warning',
  refused: 'danger',
  awaiting_resident: 'warning',
  declined: 'danger',
  awaiting_payment: 'primary',
  paid: 'success',
  withdrawn: 'default',
  refunded: 'default',
};

/** The request sent for an action (with its reason, where it needs one). */
export function sendAction(id: string, action: SurchargeAction, reason: string): Promise<Surcharge> {
  switch (action) {
    case 'approve':
      return surchargesApi.approve(id);
    case 'refuse':
      return surchargesApi.refuse(id, reason);
    case 'agree':
      return surchargesApi.agree(id);
    case 'decline':
      return surchargesApi.decline(id, reason);
    case 'withdraw':
      return surchargesApi.withdraw(id, reason);
  }
}

interface Props {
  surcharge: Surcharge;
  busy: boolean;
  /** Runs one action's request; the owner reloads what it shows. */
  onAction: (work: () => Promise<unknown>, success: string) => void;
  /** The pay button, where this person pays and this build can (absent: no button). */
  onPay?: () => void;
  /** Shown instead of the pay button when paying is for another place (e.g. the mini program). */
  payHint?: string;
  testId?: string;
}

/** One surcharge as everyone who sees the ticket sees it; buttons only for what `actions` allows. */
export function SurchargeCard({ surcharge, busy, onAction, onPay, payHint, testId = 'surcharge' }: Props) {
  const [open, setOpen] = useState<SurchargeAction>();
  const [reason, setReason] = useState('');
  const current = surcharge.approvals.findIndex((level) => level.decision === null);

  const run = (action: SurchargeAction) => {
    if (WITH_REASON.includes(action) && reason.trim() === '') return;
    onAction(() => sendAction(surcharge.id, action, reason.trim()), `已${SURCHARGE_ACTION_LABELS[action]}`);
    setOpen(undefined);
    setReason('');
  };

  return (
    <View className="surcharge" data-testid={testId}>
      <View className="surcharge__head">
        <Text className="surcharge__title">加价 {formatFen(surcharge.totalFen)}</Text>
        <View data-testid="surcharge-status" data-status={surcharge.status}>
          <Tag type={STATUS_TAGS[surcharge.status]}>{SURCHARGE_STATUS_LABELS[surcharge.status]}</Tag>
        </View>
      </View>
      <Text className="surcharge__meta">
        {SURCHARGE_REASON_LABELS[surcharge.reason]} · {surcharge.requestedBy} 申请于{' '}
        {formatTime(surcharge.createdAt)}
      </Text>
      {surcharge.note !== '' && <Text className="surcharge__note">{surcharge.note}</Text>}
      <View className="surcharge__lines">
        {surcharge.lines.map((line, index) => (
          <View key={index} className="surcharge__line" data-testid="surcharge-line">
            <Text className="surcharge__line-name">
              {line.name} × {line.quantity}
            </Text>
            <Text className="surcharge__line-price">
              {formatFen(line.unitPriceFen)} / 件 · {formatFen(line.amountFen)}
            </Text>
          </View>
        ))}
        <View className="surcharge__line surcharge__line--total">
          <Text>合计</Text>
          <Text data-testid="surcharge-card-total">{formatFen(surcharge.totalFen)}</Text>
        </View>
      </View>
      {surcharge.approvals.length > 0 && (
        <View className="surcharge__steps" data-testid="surcharge-steps">
          {surcharge.approvals.map((level, index) => (
            <Text
              key={index}
              className={`surcharge__step surcharge__step--${level.decision ?? (index === current ? 'current' : 'later')}`}
            >
              {index + 1}. {ROLE_LABELS[level.role]}审批
              {level.fromAmountFen > 0 ? `（${formatFen(level.fromAmountFen)} 起）` : ''}：
              {level.decision === 'approved'
                ? `${level.by ?? ''} 已通过 ${formatTime(level.at)}`
                : level.decision === 'refused'
                  ? `${level.by ?? ''} 已驳回 ${formatTime(level.at)}`
                  : index === current && surcharge.status === 'pending_approval'
                    ? '待审批'
                    : '—'}
              {level.note ? `（${level.note}）` : ''}
            </Text>
          ))}
        </View>
      )}
      {surcharge.outcomeNote && (
        <Text className="surcharge__outcome" data-testid="surcharge-outcome">
          原因：{surcharge.outcomeNote}
        </Text>
      )}
      {surcharge.paidFen > 0 && (
        <Text className="surcharge__paid" data-testid="surcharge-paid">
          已支付 {formatFen(surcharge.paidFen)}
          {surcharge.refundedFen > 0 ? `，已退款 ${formatFen(surcharge.refundedFen)}` : ''}
        </Text>
      )}
      {open ? (
        <View className="surcharge__reason">
          <Textarea
            className="action-form__textarea"
            value={reason}
            maxlength={SURCHARGE_LIMITS.noteMaxLength}
            placeholder="请填写原因"
            data-testid="surcharge-action-reason"
            onInput={(event) => setReason(event.detail.value)}
          />
          <View className="action-form__buttons">
            <Button onClick={() => setOpen(undefined)}>取消</Button>
            <Button
              type="danger"
              disabled={reason.trim() === ''}
              loading={busy}
              data-testid="surcharge-action-confirm"
              onClick={() => run(open)}
            >
              确定{SURCHARGE_ACTION_LABELS[open]}
            </Button>
          </View>
        </View>
      ) : (
        (surcharge.actions.length > 0 || onPay || payHint) && (
          <View className="surcharge__actions">
            {surcharge.actions.map((action) => (
              <Button
                key={action}
                size="small"
                type={PRIMARY.includes(action) ? 'primary' : 'danger'}
                fill={PRIMARY.includes(action) ? 'solid' : 'outline'}
                disabled={busy}
                data-testid={`surcharge-${action}`}
                onClick={() => (WITH_REASON.includes(action) ? setOpen(action) : run(action))}
              >
                {SURCHARGE_ACTION_LABELS[action]}
              </Button>
            ))}
            {onPay && (
              <Button size="small" type="success" loading={busy} data-testid="surcharge-pay" onClick={onPay}>
                微信支付 {formatFen(surcharge.totalFen)}
              </Button>
            )}
            {!onPay && payHint && <Text className="surcharge__hint">{payHint}</Text>}
          </View>
        )
      )}
    </View>
  );
}
