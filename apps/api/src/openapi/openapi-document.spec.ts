import { readFileSync } from 'node:fs';
import { loadConfig } from '@hirefair/config';
import { OPENAPI_JSON, generateOpenApiDocument } from './openapi-document';

describe('the web client’s checked-in OpenAPI document', () => {
  it('is the document the API generates (run `npm run openapi` after changing a route or DTO)', async () => {
    const generated = JSON.parse(JSON.stringify(await generateOpenApiDocument(loadConfig())));
    const checkedIn = JSON.parse(readFileSync(OPENAPI_JSON, 'utf8'));
    expect(Object.keys(checkedIn.paths).sort()).toEqual(Object.keys(generated.paths).sort());
    expect(checkedIn).toEqual(generated);
    // The compiler plugin's metadata is read from every source file: slow on a busy machine.
  }, 600_000);
});
