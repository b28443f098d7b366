import { DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from './app-config';
import type { DemoPlatforms } from '../platforms/demo-platforms';

/** Injection token of the validated AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** Injection token of the running demo platforms (null outside demo mode). */
export const DEMO_PLATFORMS = Symbol('DEMO_PLATFORMS');

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
