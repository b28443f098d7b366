import { Input, Text, Textarea, View } from '@tarojs/components';
import {
  formatFen,
  SURCHARGE_LIMITS,
  SURCHARGE_REASON_LABELS,
  SURCHARGE_REASONS,
  type SurchargeLine,
  type SurchargeReason,
} from '@smart-repair/shared';
import { useState } from 'react';
import { surchargesApi } from '../../services/surcharges';
import type { Surcharge } from '../../services/types';
import { yuanToFen } from '../../utils/money';
import { ChoiceChips } from '../ChoiceChips';
import { MediaPicker, type UploadedMedia } from '../MediaPicker';
import { Button } from '../ui';

interface DraftLine {
  key: number;
  name: string;
  quantity: string;
  price: string;
}

/** A draft line as the server takes it, or null while it is incomplete or wrong. */
export function lineOf(draft: Pick<DraftLine, 'name' | 'quantity' | 'price'>): SurchargeLine | null {
  const name = draft.name.trim();
  const quantity = /^\d+$/.test(draft.quantity.trim()) ? Number(draft.quantity.trim()) : NaN;
  const unitPriceFen = yuanToFen(draft.price);
  if (name === '' || name.length > SURCHARGE_LIMITS.lineNameMaxLength) return null;
  if (!(quantity >= SURCHARGE_LIMITS.quantity.min && quantity <= SURCHARGE_LIMITS.quantity.max)) return null;
  if (
    unitPriceFen === null ||
    unitPriceFen < SURCHARGE_LIMITS.unitPriceFen.min ||
    unitPriceFen > SURCHARGE_LIMITS.unitPriceFen.max
  )
    return null;
  return { name, quantity, unitPriceFen };
}

let nextKey = 1;
const emptyLine = (): DraftLine => ({ key: nextKey++, name: '', quantity: '1', price: '' });

interface Props {
  ticketId: string;
  communityId: string;
  busy: boolean;
  onSubmit: (work: () => Promise<Surcharge>) => void;
  onCancel: () => void;
}

/**
 * 申请加价: the engineer lists what the resident is asked to pay, line by line (price in yuan, sent
 * as integer fen), with a reason, a note and photos. The total shown is the same sum the server makes.
 */
export function SurchargeForm({ ticketId, communityId, busy, onSubmit, onCancel }: Props) {
  const [lines, setLines] = useState<DraftLine[]>(() => [emptyLine()]);
  const [reason, setReason] = useState<SurchargeReason>();
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<UploadedMedia[]>([]);

  const parsed = lines.map(lineOf);
  const complete = parsed.every((line) => line !== null);
  const totalFen = parsed.reduce((sum, line) => sum + (line ? line.quantity * line.unitPriceFen : 0), 0);
  const ready = complete && reason !== undefined && lines.length > 0;

  const change = (key: number, patch: Partial<DraftLine>) =>
    setLines((current) => current.map((line) => (line.key === key ? { ...line, ...patch } : line)));

  const submit = () => {
    if (!ready) return;
    onSubmit(() =>
      surchargesApi.request(ticketId, {
        reason: reason!,
        lines: parsed as SurchargeLine[],
        note: note.trim() || undefined,
        photoIds: photos.length > 0 ? photos.map((photo) => photo.id) : undefined,
      }),
    );
  };

  return (
    <View className="surcharge-form" data-testid="surcharge-form">
      <Text className="action-form__title">申请加价</Text>
      <Text className="action-form__label">加价原因</Text>
      <ChoiceChips
        choices={SURCHARGE_REASONS.map((value) => ({ value, label: SURCHARGE_REASON_LABELS[value] }))}
        value={reason}
        onChange={setReason}
        testId="surcharge-reason"
      />
      <Text className="action-form__label">收费明细（单价以元为单位）</Text>
      {lines.map((line, index) => (
        <View key={line.key} className="surcharge-form__line" data-testid={`surcharge-line-${index}`}>
          <Input
            className="action-form__input surcharge-form__name"
            value={line.name}
            maxlength={SURCHARGE_LIMITS.lineNameMaxLength}
            placeholder="项目，如：角阀"
            data-testid="line-name"
            onInput={(event) => change(line.key, { name: event.detail.value })}
          />
          <Input
            className="action-form__input surcharge-form__quantity"
            type="number"
            value={line.quantity}
            placeholder="数量"
            data-testid="line-quantity"
            onInput={(event) => change(line.key, { quantity: event.detail.value })}
          />
          <Input
            className="action-form__input surcharge-form__price"
            type="digit"
            value={line.price}
            placeholder="单价 ¥"
            data-testid="line-price"
            onInput={(event) => change(line.key, { price: event.detail.value })}
          />
          {lines.length > 1 && (
            <Text
              className="surcharge-form__remove"
              data-testid="line-remove"
              onClick={() => setLines((current) => current.filter((other) => other.key !== line.key))}
            >
              ×
            </Text>
          )}
        </View>
      ))}
      {lines.length < SURCHARGE_LIMITS.linesMax && (
        <Text
          className="surcharge-form__add"
          data-testid="line-add"
          onClick={() => setLines((current) => [...current, emptyLine()])}
        >
          + 再加一项
        </Text>
      )}
      <View className="surcharge-form__total">
        <Text>合计</Text>
        <Text className="surcharge-form__amount" data-testid="surcharge-total">
          {formatFen(totalFen)}
        </Text>
      </View>
      {!complete && <Text className="action-form__hint">每一项都要填写名称、数量和单价（最多两位小数）</Text>}
      <Textarea
        className="action-form__textarea"
        value={note}
        maxlength={SURCHARGE_LIMITS.noteMaxLength}
        placeholder="补充说明（可选），如：管道被装修砸裂，需更换整段"
        data-testid="surcharge-note"
        onInput={(event) => setNote(event.detail.value)}
      />
      <Text className="action-form__label">现场照片（可选）</Text>
      <MediaPicker
        communityId={communityId}
        value={photos}
        onChange={setPhotos}
        maxImages={SURCHARGE_LIMITS.photosMax}
        testId="surcharge-photos"
      />
      <View className="action-form__buttons">
        <Button onClick={onCancel} data-testid="surcharge-dismiss">
          取消
        </Button>
        <Button
          type="primary"
          disabled={!ready}
          loading={busy}
          onClick={submit}
          data-testid="surcharge-submit"
        >
          提交加价申请
        </Button>
      </View>
    </View>
  );
}
