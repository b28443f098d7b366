export { WechatPayGateway, parseRefund, parseTransaction } from './wechat-pay.gateway';
export type { WechatPayGatewayOptions } from './wechat-pay.gateway';
export { WechatPayError, WechatPayNotificationRejected } from './wechat-pay.errors';
export type { NotificationRejection } from './wechat-pay.errors';
export { PlatformCertificateStore, sharedPlatformCertificates } from './platform-certificates';
export * from './wechat-pay.types';
