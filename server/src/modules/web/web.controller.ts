import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/auth.decorators';
import { ApiErrors } from '../../common/http/api-docs';
import { DemoAccountsView } from './dto/demo-accounts.dto';
import { DemoAccountsService } from './demo-accounts.service';

@ApiTags('web')
@Controller('web')
export class WebController {
  constructor(private readonly demoAccounts: DemoAccountsService) {}

  @Get('demo-accounts')
  @Public()
  @ApiOperation({
    summary: 'The demo accounts the login page offers (empty unless the server runs with demo data)',
  })
  @ApiOkResponse({ type: DemoAccountsView })
  @ApiErrors({ authenticated: false })
  list(): Promise<DemoAccountsView> {
    return this.demoAccounts.list();
  }
}
