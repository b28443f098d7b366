// NutUI one component at a time, each with only its own stylesheet (the full sheet is ~234 KB).
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/rate/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/empty/style/css';

export { default as Button } from '@nutui/nutui-react-taro/dist/es/packages/button/index';
export { default as Tag } from '@nutui/nutui-react-taro/dist/es/packages/tag/index';
export { default as Rate } from '@nutui/nutui-react-taro/dist/es/packages/rate/index';
export { default as Empty } from '@nutui/nutui-react-taro/dist/es/packages/empty/index';
