import type { ErrorCode } from '@smart-repair/shared';
import type { ClientErrorCode } from '../services/api-error';

/** The Chinese text shown for each error the API can answer with; the compiler checks it is complete. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: '填写的内容有误，请检查后重试',
  MALFORMED_BODY: '请求格式有误，请刷新后重试',
  ORGANIZATION_REQUIRED: '该手机号属于多个物业，请使用用户名登录',
  LOCATION_PARENT_INVALID: '位置的上级不正确',
  TRADE_AREA_INVALID: '工种服务区域不正确',
  TRADE_MEMBER_INVALID: '工种成员不正确',
  PASSWORD_TOO_WEAK: '密码太简单，请换一个更长的密码',
  FORM_FIELD_REQUIRED: '请填写所有必填项',
  FORM_FIELD_HIDDEN: '表单包含本小区未开放的内容',
  FILE_TYPE_NOT_ALLOWED: '不支持这种文件格式',
  FILE_TOO_LARGE: '文件太大了',
  IMAGE_TOO_LARGE: '图片尺寸太大了',
  ATTACHMENT_INVALID: '附件无效，请重新上传',
  ENGINEER_NOT_ELIGIBLE: '这位工程师不能接这张工单',
  PLATFORM_CODE_INVALID: '登录凭证已失效，请重试',
  ENROLMENT_INVALID: '绑定信息无效',
  PLATFORM_NOT_SUPPORTED: '当前平台暂不支持',
  SURCHARGE_TOO_LARGE: '加价金额超出上限',
  AUTH_REQUIRED: '请先登录',
  TOKEN_INVALID: '登录已失效，请重新登录',
  TOKEN_EXPIRED: '登录已过期，请重新登录',
  INVALID_CREDENTIALS: '账号或密码不正确',
  ACCOUNT_DISABLED: '账号已停用，请联系物业',
  REFRESH_TOKEN_INVALID: '登录已失效，请重新登录',
  REFRESH_TOKEN_REUSED: '账号在别处使用过，请重新登录',
  PERMISSION_DENIED: '没有权限进行此操作',
  ROLE_NOT_ASSIGNABLE: '不能分配这个角色',
  REPORTER_BARRED: '您暂时不能报修，请联系物业',
  ACTION_NOT_ALLOWED: '当前不能进行此操作',
  PLATFORM_ACCOUNT_NOT_LINKED: '账号尚未绑定，请先用用户名登录',
  ROUTE_NOT_FOUND: '请求的内容不存在',
  ORGANIZATION_NOT_FOUND: '物业不存在',
  COMMUNITY_NOT_FOUND: '小区不存在',
  LOCATION_NOT_FOUND: '位置不存在',
  USER_NOT_FOUND: '人员不存在',
  TRADE_NOT_FOUND: '工种不存在',
  CATEGORY_NOT_FOUND: '报修类别不存在',
  TICKET_NOT_FOUND: '工单不存在或无权查看',
  ATTACHMENT_NOT_FOUND: '附件不存在',
  INBOX_MESSAGE_NOT_FOUND: '消息不存在',
  SENSITIVE_WORD_NOT_FOUND: '敏感词不存在',
  BARRED_REPORTER_NOT_FOUND: '记录不存在',
  PLATFORM_APP_NOT_FOUND: '应用不存在',
  SURCHARGE_NOT_FOUND: '加价申请不存在',
  NOTIFICATION_DELIVERY_NOT_FOUND: '消息记录不存在',
  METHOD_NOT_ALLOWED: '不支持此操作',
  CODE_TAKEN: '编码已被使用',
  USERNAME_TAKEN: '用户名已被使用',
  PHONE_TAKEN: '手机号已被使用',
  LOCATION_HAS_CHILDREN: '该位置下还有子位置',
  TRADE_IN_USE: '工种仍在使用中',
  ATTACHMENT_IN_USE: '附件已被工单使用',
  CANNOT_CHANGE_SELF: '不能修改自己的账号状态',
  TICKET_STATUS_CONFLICT: '工单状态已变化，请刷新后重试',
  TICKET_ALREADY_CLAIMED: '工单已被他人抢走',
  NO_ENGINEER_AVAILABLE: '暂无可派的工程师',
  DUPLICATE_ENTRY: '记录已存在',
  PLATFORM_APP_TAKEN: '应用已存在',
  PLATFORM_IDENTITY_TAKEN: '该账号已绑定其他用户',
  SURCHARGE_OPEN: '已有未处理的加价申请',
  SURCHARGE_STATUS_CONFLICT: '加价申请状态已变化，请刷新后重试',
  PAYLOAD_TOO_LARGE: '提交的内容太大了',
  UNSUPPORTED_MEDIA_TYPE: '不支持的内容格式',
  TOO_MANY_REQUESTS: '操作太频繁，请稍后再试',
  ACCOUNT_LOCKED: '密码错误次数过多，账号已临时锁定',
  INTERNAL_ERROR: '服务器开小差了，请稍后再试',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后再试',
  PLATFORM_UNAVAILABLE: '平台服务暂时不可用，请稍后再试',
};

/** Errors the app itself raises, beside those of the API. */
const CLIENT_MESSAGES: Record<Exclude<ClientErrorCode, ErrorCode>, string> = {
  NETWORK_ERROR: '网络不通，请检查网络后重试',
  UNEXPECTED_RESPONSE: '服务器返回了无法识别的内容',
  NOT_SUPPORTED: '当前平台不支持此功能',
  CANCELLED: '已取消',
};

/** The text to show for an error: chosen by its code, never by its message. */
export function messageFor(code: ClientErrorCode): string {
  return (
    (ERROR_MESSAGES as Record<string, string>)[code] ?? CLIENT_MESSAGES[code as keyof typeof CLIENT_MESSAGES]
  );
}
