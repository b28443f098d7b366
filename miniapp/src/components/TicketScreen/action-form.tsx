import { Input, Text, Textarea, View } from '@tarojs/components';
import {
  FAULT_CAUSE_LABELS,
  FAULT_CAUSES,
  TICKET_ACTION_LABELS,
  type FaultCause,
} from '@smart-repair/shared';
import { useState } from 'react';
import { useResource } from '../../hooks/use-resource';
import { ticketsApi, type ActionBody, type ActionWithRoute } from '../../services/tickets';
import type { EngineerChoice as EngineerChoiceView, TicketDetail } from '../../services/types';
import { ChoiceChips } from '../ChoiceChips';
import { MediaPicker, type UploadedMedia } from '../MediaPicker';
import { StarRating } from '../StarRating';
import { defaultPlan, PlanFields, plannedInstant } from './plan-fields';
import { StateView } from '../StateView';
import { Button } from '../ui';

/** Actions that need a written reason before they are sent. */
const REASON_ACTIONS: readonly ActionWithRoute[] = [
  'return',
  'rework',
  'close',
  'cancel',
  'request_plan',
  'refuse_plan',
  'reopen',
];
/** Actions that ask for more than one tap. */
const FORM_ACTIONS: readonly ActionWithRoute[] = [
  ...REASON_ACTIONS,
  'dispatch',
  'redispatch',
  'transfer',
  'request_assistance',
  'complete',
  'rate',
];

export function needsForm(action: ActionWithRoute): boolean {
  return FORM_ACTIONS.includes(action);
}

const AUTO = 'auto';

interface Props {
  ticket: TicketDetail;
  action: ActionWithRoute;
  busy: boolean;
  onSubmit: (body: ActionBody) => void;
  onCancel: () => void;
}

/** "李水工（本工种 · 在办 2 单）": what the office weighs when choosing. */
function engineerLabel(engineer: EngineerChoiceView, suggestedId?: string | null): string {
  const notes = [
    engineer.id === suggestedId ? '推荐' : '',
    engineer.inTrade ? '本工种' : '其他工种',
    engineer.onDuty ? '' : '不在岗',
    `在办 ${engineer.openTickets} 单`,
  ].filter((note) => note !== '');
  return `${engineer.name}（${notes.join(' · ')}）`;
}

function EngineerChoice({
  ticketId,
  value,
  onChange,
  multiple = false,
  withAuto = false,
  suggestedId,
}: {
  ticketId: string;
  value: readonly string[];
  onChange: (ids: string[]) => void;
  multiple?: boolean;
  withAuto?: boolean;
  suggestedId?: string | null;
}) {
  const engineers = useResource(() => ticketsApi.engineers(ticketId), [ticketId]);
  const choices = [
    ...(withAuto ? [{ value: AUTO, label: '系统派单' }] : []),
    ...(engineers.data ?? []).map((engineer) => ({
      value: engineer.id,
      label: engineerLabel(engineer, suggestedId),
    })),
  ];
  const toggle = (id: string) =>
    onChange(multiple ? (value.includes(id) ? value.filter((other) => other !== id) : [...value, id]) : [id]);
  return (
    <StateView
      loading={engineers.loading}
      error={withAuto ? undefined : engineers.error}
      onRetry={engineers.reload}
    >
      {choices.length > 0 ? (
        <ChoiceChips choices={choices} value={value} onChange={toggle} testId="engineer" />
      ) : (
        <Text className="action-form__hint" data-testid="engineer-none">
          暂无可选的工程师
        </Text>
      )}
    </StateView>
  );
}

/** The inputs one action needs, and its confirm button. */
export function ActionForm({ ticket, action, busy, onSubmit, onCancel }: Props) {
  const [reason, setReason] = useState('');
  const [engineers, setEngineers] = useState<string[]>(
    action === 'dispatch' || action === 'redispatch' ? [AUTO] : [],
  );
  const [faultCause, setFaultCause] = useState<FaultCause>();
  const [method, setMethod] = useState('');
  const [partName, setPartName] = useState('');
  const [partQuantity, setPartQuantity] = useState('1');
  const [photos, setPhotos] = useState<UploadedMedia[]>([]);
  const [stars, setStars] = useState(5);
  const [plan, setPlan] = useState(defaultPlan);
  const plannedFor = action === 'request_plan' ? plannedInstant(plan) : null;

  const submit = () => {
    switch (action) {
      case 'dispatch':
      case 'redispatch':
        return onSubmit({ engineerId: engineers[0] === AUTO ? undefined : engineers[0] });
      case 'transfer':
        return onSubmit({ engineerId: engineers[0], reason });
      case 'request_assistance':
        return onSubmit({ engineerIds: engineers });
      case 'complete': {
        const quantity = Number(partQuantity);
        return onSubmit({
          faultCause,
          handlingMethod: method.trim(),
          parts: partName.trim() !== '' && quantity > 0 ? [{ name: partName.trim(), quantity }] : undefined,
          attachmentIds: photos.map((photo) => photo.id),
        });
      }
      case 'rate':
        return onSubmit({ stars, comment: reason.trim() });
      case 'request_plan':
        return onSubmit({ plannedFor: plannedFor?.toISOString(), reason: reason.trim() });
      default:
        return onSubmit({ reason: reason.trim() });
    }
  };

  const ready =
    action === 'complete'
      ? faultCause !== undefined && method.trim() !== ''
      : action === 'transfer'
        ? engineers.length === 1 && reason.trim() !== ''
        : action === 'request_assistance' || action === 'dispatch' || action === 'redispatch'
          ? engineers.length > 0
          : action === 'request_plan'
            ? plannedFor !== null && reason.trim() !== ''
            : REASON_ACTIONS.includes(action)
              ? reason.trim() !== ''
              : true;

  return (
    <View className="action-form" data-testid={`form-${action}`}>
      <Text className="action-form__title">{TICKET_ACTION_LABELS[action]}</Text>
      {(action === 'dispatch' || action === 'redispatch') && (
        <EngineerChoice
          ticketId={ticket.id}
          value={engineers}
          onChange={setEngineers}
          withAuto
          suggestedId={ticket.dispatchReason?.chosenId}
        />
      )}
      {(action === 'transfer' || action === 'request_assistance') && (
        <EngineerChoice
          ticketId={ticket.id}
          value={engineers}
          onChange={setEngineers}
          multiple={action === 'request_assistance'}
        />
      )}
      {action === 'complete' && (
        <>
          <Text className="action-form__label">故障原因</Text>
          <ChoiceChips
            choices={FAULT_CAUSES.map((cause) => ({ value: cause, label: FAULT_CAUSE_LABELS[cause] }))}
            value={faultCause}
            onChange={setFaultCause}
            testId="fault-cause"
          />
          <Text className="action-form__label">处理方法</Text>
          <Textarea
            className="action-form__textarea"
            value={method}
            maxlength={500}
            placeholder="例如：更换阀芯"
            data-testid="handling-method"
            onInput={(event) => setMethod(event.detail.value)}
          />
          <Text className="action-form__label">使用配件（可选）</Text>
          <View className="action-form__part">
            <Input
              className="action-form__input"
              value={partName}
              placeholder="配件名称"
              data-testid="part-name"
              onInput={(event) => setPartName(event.detail.value)}
            />
            <Input
              className="action-form__input action-form__input--short"
              type="number"
              value={partQuantity}
              data-testid="part-quantity"
              onInput={(event) => setPartQuantity(event.detail.value)}
            />
          </View>
          <Text className="action-form__label">完工照片</Text>
          <MediaPicker
            communityId={ticket.communityId}
            value={photos}
            onChange={setPhotos}
            testId="after-photos"
          />
        </>
      )}
      {action === 'rate' && (
        <>
          <StarRating value={stars} onChange={setStars} />
          <Textarea
            className="action-form__textarea"
            value={reason}
            maxlength={500}
            placeholder="说说这次维修（可选）"
            data-testid="rate-comment"
            onInput={(event) => setReason(event.detail.value)}
          />
        </>
      )}
      {action === 'request_plan' && <PlanFields value={plan} onChange={setPlan} />}
      {(REASON_ACTIONS.includes(action) || action === 'transfer') && (
        <Textarea
          className="action-form__textarea"
          value={reason}
          maxlength={500}
          placeholder={action === 'request_plan' ? '为什么不能马上修好，例如：配件需要订货' : '请填写原因'}
          data-testid="action-reason"
          onInput={(event) => setReason(event.detail.value)}
        />
      )}
      <View className="action-form__buttons">
        <Button onClick={onCancel} data-testid="form-dismiss">
          取消
        </Button>
        <Button type="primary" disabled={!ready} loading={busy} onClick={submit} data-testid="form-confirm">
          确定{TICKET_ACTION_LABELS[action]}
        </Button>
      </View>
    </View>
  );
}
