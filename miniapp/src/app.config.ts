export default defineAppConfig({
  // The main package: landing, login, a new resident's choice of community, and profile.
  // Each role's pages are a subpackage of their own.
  pages: ['pages/index/index', 'pages/login/index', 'pages/enrol/index', 'pages/me/index'],
  subPackages: [
    { root: 'resident', pages: ['pages/tickets/index', 'pages/report/index', 'pages/ticket/index'] },
    { root: 'engineer', pages: ['pages/tasks/index', 'pages/ticket/index'] },
    {
      root: 'admin',
      pages: ['pages/board/index', 'pages/ticket/index', 'pages/surcharges/index', 'pages/stats/index'],
    },
  ],
  // H5 only: pages appear at once rather than slide in, which suits the office's PC browser too.
  animation: false,
  window: {
    navigationBarTitleText: '智能报修',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundTextStyle: 'light',
    backgroundColor: '#f5f6f7',
  },
});
