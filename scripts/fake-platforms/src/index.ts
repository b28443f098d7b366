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
