import { DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from './app-config';
import { DEMO_PLATFORMS, type DemoPlatforms } from '../platforms/demo-platforms';

/** Injection token of the validated AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, demo: DemoPlatforms | null = null): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DEMO_PLATFORMS, useValue: demo },
      ],
      exports: [APP_CONFIG, DEMO_PLATFORMS],
    };
  }
}
