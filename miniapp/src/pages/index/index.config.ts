export default definePageConfig({
  navigationBarTitleText: '智能报修',
});
