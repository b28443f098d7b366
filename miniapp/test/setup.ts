// What the Taro CLI defines when it builds for H5, the flavour the tests render.
process.env.TARO_ENV = 'h5';
process.env.TARO_PLATFORM = 'web';
process.env.FRAMEWORK = 'react';
