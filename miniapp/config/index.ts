import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

const appRoot = path.resolve(__dirname, '..');

/**
 * The host app this build signs in with: WeChat's appid (TARO_APP_ID, Taro's own name for it, or
 * project.config.json), the WeCom corpid, the DingTalk appKey, the Baidu AppKey. Public ids only —
 * the secrets stay on the server. Set them in the shell or in miniapp/.env; a build without one
 * offers the password login only.
 */
function platformAppId(target: string | undefined): string {
  const env = process.env;
  switch (target) {
    case 'weapp': {
      const project = JSON.parse(readFileSync(path.join(appRoot, 'project.config.json'), 'utf8')) as {
        appid?: string;
      };
      const appid = env.TARO_APP_ID ?? project.appid ?? '';
      return appid === 'touristappid' ? '' : appid;
    }
    case 'qywx':
      return env.TARO_APP_WECOM_CORP_ID ?? '';
    case 'dd':
      return env.TARO_APP_DINGTALK_APP_KEY ?? '';
    case 'swan':
      return env.TARO_APP_BAIDU_APP_KEY ?? '';
    default:
      return '';
  }
}

/**
 * The WeChat official account the H5 build signs in with when the page is opened inside WeChat
 * (its silent OAuth): TARO_APP_WECHAT_OA_APPID, public like the ids above. None by default, so the
 * H5 page offers the password login everywhere.
 */
function officialAccountAppId(target: string | undefined): string {
  return target === 'h5' ? (process.env.TARO_APP_WECHAT_OA_APPID ?? '') : '';
}

// Taro's cache type leaves out webpack's cacheDirectory, which webpack still honours: keep the
// cache beside the app in a git-ignored folder rather than in a node_modules we do not own.
// Taro already invalidates it when config/index or src/app.config change; Babel's config and
// package.json (browserslist, versions) change the output too.
const cache = {
  enable: true,
  cacheDirectory: path.join(appRoot, '.taro-cache'),
  buildDependencies: {
    tooling: [path.join(appRoot, 'babel.config.js'), path.join(appRoot, 'package.json')],
  },
};

const config: UserConfigExport<'webpack5'> = {
  projectName: 'smart-repair',
  // NutUI is drawn at 375 px wide, our own styles at 750.
  designWidth(input) {
    const file = typeof input === 'object' && input !== null ? (input as { file?: string }).file : undefined;
    return file?.replace(/\\/g, '/').includes('@nutui/') ? 375 : 750;
  },
  deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
  sourceRoot: 'src',
  outputRoot: `dist/${process.env.TARO_ENV}`,
  framework: 'react',
  compiler: 'webpack5',
  // WeCom and DingTalk builds (types qywx and dd); WeChat, Baidu and H5 are built in.
  plugins: ['@tarojs/plugin-platform-weapp-qy', '@tarojs/plugin-platform-alipay-dd'],
  defineConstants: {
    PLATFORM_APP_ID: JSON.stringify(platformAppId(process.env.TARO_ENV)),
    WECHAT_OA_APP_ID: JSON.stringify(officialAccountAppId(process.env.TARO_ENV)),
  },
  cache,
  // Plain progress lines instead of an animated bar, so CI logs stay readable.
  logger: { quiet: true, stats: false },
  mini: {
    postcss: {
      pxtransform: { enable: true, config: {} },
    },
  },
  h5: {
    publicPath: '/',
    staticDirectory: 'static',
    output: {
      filename: 'js/[name].[contenthash:8].js',
      chunkFilename: 'js/[name].[contenthash:8].js',
    },
    miniCssExtractPluginOption: {
      ignoreOrder: true,
      filename: 'css/[name].[contenthash:8].css',
      chunkFilename: 'css/[name].[contenthash:8].css',
    },
    postcss: {
      autoprefixer: { enable: true, config: {} },
    },
    // Taro's H5 runtime and React alone come to ~280 KiB, over webpack's 244 KiB default, which
    // would warn on every build: warn instead when our own code grows the bundle.
    webpackChain(chain) {
      chain.performance.maxEntrypointSize(400 * 1024).maxAssetSize(300 * 1024);
    },
  },
};

export default defineConfig<'webpack5'>(config);
