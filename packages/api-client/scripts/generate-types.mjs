// Turns the API document into TypeScript types with openapi-typescript (which needs TypeScript 5's
// compiler API, so it lives in this package beside its own TypeScript 5, not the project's TypeScript 7).
import openapiTS, { astToString } from 'openapi-typescript';

const banner = `/**
 * Carriage's API as TypeScript types, generated from /api/openapi.json by openapi-typescript.
 * Do not edit: run \`npm run generate -w @carriage/api-client\` after changing a route's schema
 * (the server's tests fail while this file and the document differ).
 */

`;

/** The types of an OpenAPI document, as the text of a TypeScript module. */
export async function generateTypes(doc) {
  const ast = await openapiTS(structuredClone(doc), { alphabetize: true });
  return banner + astToString(ast);
}
