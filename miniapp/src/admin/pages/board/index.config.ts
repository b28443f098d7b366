export default definePageConfig({ navigationBarTitleText: '调度台' });
