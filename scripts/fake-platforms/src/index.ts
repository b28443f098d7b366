export { startFakePlatforms } from './fake-platforms';
export { BAIDU_INVALID_CODE_ERRNO } from './baidu.routes';
export type {
  AppRegistration,
  BaseUrls,
  Delivery,
  FailureOptions,
  FakePlatforms,
  FakePlatformsOptions,
  LoginIdentity,
  PhoneCodeOptions,
  Platform,
} from './types';
export { startFakeWechatPay } from './wechatpay';
export { NOTIFY_RETRY_SECONDS } from './wechatpay-notifier';
export { generateSelfSignedCertificate } from './wechatpay-x509';
export type { CertificateOptions, CertificateSubject, GeneratedCertificate } from './wechatpay-x509';
export type {
  FakePayOrder,
  FakePayRefund,
  FakeRefundStatus,
  FakeTradeState,
  FakeWechatPay,
  FakeWechatPayOptions,
  NotificationAttempt,
  NotificationFaults,
  NotificationForgery,
  PayFailureOptions,
  PayOrderOptions,
  SignedNotification,
  SignedNotificationOptions,
  TestMerchantOptions,
  TestWechatPayMerchant,
  WechatPayKeyMode,
  WechatPayMerchantRegistered,
  WechatPayMerchantRegistration,
} from './wechatpay-types';
