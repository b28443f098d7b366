import { DISPATCH_EXCLUSIONS, DISPATCH_RULES } from '@smart-repair/shared';
import { startTestApp, type TestApp } from '../support/test-app';

describe('health and API docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports the database as up', async () => {
    const response = await t.http().get('/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok', database: 'up' });
  });

  it('serves the OpenAPI document with every route described and the UI', async () => {
    const json = await t.http().get('/api/docs-json');
    expect(json.status).toBe(200);
    const undocumented: string[] = [];
    for (const [path, methods] of Object.entries(
      json.body.paths as Record<
        string,
        Record<string, { summary?: string; responses: Record<string, unknown> }>
      >,
    )) {
      for (const [method, operation] of Object.entries(methods)) {
        if (!operation.summary || Object.keys(operation.responses).length < 2)
          undocumented.push(`${method} ${path}`);
      }
    }
    expect(undocumented).toEqual([]);
    for (const [name, schema] of Object.entries(
      json.body.components.schemas as Record<
        string,
        {
          properties?: Record<string, { example?: unknown; items?: unknown; $ref?: string; allOf?: unknown }>;
        }
      >,
    )) {
      const missing = Object.entries(schema.properties ?? {})
        .filter(
          ([, property]) =>
            property.example === undefined &&
            property.items === undefined &&
            property.$ref === undefined &&
            property.allOf === undefined,
        )
        .map(([property]) => `${name}.${property}`);
      expect(missing).toEqual([]);
    }
    const ui = await t.http().get('/api/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('describes the dispatch reason field by field, with the rules and exclusions of shared/', async () => {
    const { components } = (await t.http().get('/api/docs-json')).body as {
      components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> };
    };
    const reason = components.schemas.DispatchReasonView!;
    expect(Object.keys(reason.properties).sort()).toEqual(
      ['areaId', 'candidates', 'chosenId', 'counts', 'rule', 'tradeId'].sort(),
    );
    expect(reason.properties.rule!.enum).toEqual([...DISPATCH_RULES]);
    const candidate = components.schemas.DispatchCandidateView!;
    expect(Object.keys(candidate.properties).sort()).toEqual(
      ['excluded', 'name', 'openTickets', 'rating', 'userId'].sort(),
    );
    expect(candidate.properties.excluded!.enum).toEqual([...DISPATCH_EXCLUSIONS]);
    expect(Object.keys(components.schemas.DispatchCountsView!.properties).sort()).toEqual(
      ['considered', 'eligible', 'excluded'].sort(),
    );
  });

  it('answers 503 with the error body when the database is gone', async () => {
    await t.dataSource.destroy();
    const response = await t.http().get('/api/health');
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { database: 'down' } });
  });
});
