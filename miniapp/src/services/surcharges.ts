import type { SurchargeLine, SurchargeReason, SurchargeStatus } from '@smart-repair/shared';
import { request } from './http';
import type { Surcharge, SurchargePage, SurchargePayment } from './types';

export interface SurchargeRequest {
  reason: SurchargeReason;
  lines: SurchargeLine[];
  note?: string;
  photoIds?: string[];
}

export const surchargesApi = {
  forTicket: (ticketId: string) => request<Surcharge[]>('GET', `/tickets/${ticketId}/surcharges`),
  request: (ticketId: string, body: SurchargeRequest) =>
    request<Surcharge>('POST', `/tickets/${ticketId}/surcharges`, { body }),
  /** The office's queue: the communities where the caller approves surcharges. */
  list: (filter: { communityId?: string; status?: SurchargeStatus; page?: number }) =>
    request<SurchargePage>('GET', '/surcharges', { query: filter }),
  get: (id: string) => request<Surcharge>('GET', `/surcharges/${id}`),
  approve: (id: string, note?: string) =>
    request<Surcharge>('POST', `/surcharges/${id}/approve`, { body: note ? { note } : {} }),
  refuse: (id: string, reason: string) =>
    request<Surcharge>('POST', `/surcharges/${id}/refuse`, { body: { reason } }),
  agree: (id: string) => request<Surcharge>('POST', `/surcharges/${id}/agree`, { body: {} }),
  decline: (id: string, reason: string) =>
    request<Surcharge>('POST', `/surcharges/${id}/decline`, { body: { reason } }),
  withdraw: (id: string, reason: string) =>
    request<Surcharge>('POST', `/surcharges/${id}/withdraw`, { body: { reason } }),
  /** A WeChat Pay order for an agreed surcharge. */
  payment: (id: string) => request<SurchargePayment>('POST', `/surcharges/${id}/payment`, { body: {} }),
  /** Demo mode only: the demo cashier's confirm pays the order at the built-in fake WeChat Pay. */
  demoPay: (outTradeNo: string) =>
    request<unknown>('POST', `/demo/wechat-pay/orders/${encodeURIComponent(outTradeNo)}/pay`, { body: {} }),
};
