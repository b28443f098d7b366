import Taro from '@tarojs/taro';
import type { PropsWithChildren } from 'react';
import { configureHttp } from './services/http';
import './app.scss';

// A session that can no longer be renewed sends the person back to the login page.
configureHttp({ onSessionEnded: () => void Taro.reLaunch({ url: '/pages/login/index' }) });

/** The app shell: Taro renders the current page as its children. */
function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
