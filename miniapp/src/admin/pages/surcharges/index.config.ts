export default definePageConfig({ navigationBarTitleText: '加价审批' });
