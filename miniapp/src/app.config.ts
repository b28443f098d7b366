export default defineAppConfig({
  pages: ['pages/index/index'],
  window: {
    navigationBarTitleText: '智能报修',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundTextStyle: 'light',
  },
});
