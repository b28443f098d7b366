import { platform } from '../platform';
import { ApiError } from './api-error';
import { surchargesApi } from './surcharges';
import type { Surcharge, SurchargePayment } from './types';

const POLL_INTERVAL_MS = 1000;
const POLL_ATTEMPTS = 20;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Pays an agreed surcharge: a WeChat Pay order from the server, then WeChat's own cashier in the
 * mini program, or — on H5 in demo mode only — the demo cashier (`confirmDemo`, which resolves
 * false when the person closes it). The surcharge is paid only when the server has heard so from
 * WeChat Pay, so this polls it; it resolves with the surcharge as it then is (still
 * awaiting_payment when the notification is late).
 */
export async function paySurcharge(
  id: string,
  confirmDemo: (payment: SurchargePayment) => Promise<boolean>,
  pollIntervalMs = POLL_INTERVAL_MS,
): Promise<Surcharge> {
  const payment = await surchargesApi.payment(id);
  if (platform.capabilities.pay) {
    const { timeStamp, nonceStr, package: prepay, signType, paySign } = payment.requestPayment;
    await platform.pay({ timeStamp, nonceStr, package: prepay, signType, paySign });
  } else if (payment.demo) {
    if (!(await confirmDemo(payment))) throw new ApiError('CANCELLED', 0, 'demo cashier closed');
    await surchargesApi.demoPay(payment.outTradeNo);
  } else {
    throw new ApiError('NOT_SUPPORTED', 0, 'pay in the WeChat mini program');
  }
  let surcharge = await surchargesApi.get(id);
  for (let attempt = 1; surcharge.status !== 'paid' && attempt < POLL_ATTEMPTS; attempt += 1) {
    await pause(pollIntervalMs);
    surcharge = await surchargesApi.get(id);
  }
  return surcharge;
}
