import { Text, View } from '@tarojs/components';
import { formatFen } from '@smart-repair/shared';
import type { SurchargePayment } from '../../services/types';
import { Button } from '../ui';

/**
 * A stand-in for WeChat's cashier, for the H5 demo only: confirming pays the order at the built-in
 * fake WeChat Pay, whose signed notification then reaches the server as a real one would.
 */
export function DemoCashier({
  payment,
  onConfirm,
  onCancel,
}: {
  payment: SurchargePayment;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <View className="cashier" data-testid="demo-cashier">
      <View className="cashier__sheet">
        <Text className="cashier__badge">演示支付 · 不会真实扣款</Text>
        <Text className="cashier__title">微信支付</Text>
        <Text className="cashier__amount" data-testid="cashier-amount">
          {formatFen(payment.amountFen)}
        </Text>
        <Text className="cashier__meta">维修加价 · 订单号 {payment.outTradeNo}</Text>
        <Button type="success" block onClick={onConfirm} data-testid="cashier-confirm">
          确认支付（演示）
        </Button>
        <Button block fill="none" onClick={onCancel} data-testid="cashier-cancel">
          取消
        </Button>
      </View>
    </View>
  );
}
