// The @nestjs/swagger compiler plugin of `nest build` (nest-cli.json), with the same options, minus the
// `require("@nestjs/swagger")` it puts at the top of every file it visits wherever the file does not
// use it. A DTO's metadata is plain data (`static _OPENAPI_METADATA_FACTORY() { return {...} }`) and
// never uses it; but the registration form's DTO lives in libs/core, where the CSV import validates
// rows with it, so the workers (their own process, or a thread of the API's) would load all of
// @nestjs/swagger for nothing. Controllers use it (`openapi.ApiResponse(...)`) and keep it.
const ts = require('typescript');
const swagger = require('@nestjs/swagger/plugin');

const NAMESPACE = 'openapi';

/** The import the plugin adds: synthesized (no position in the source), `import openapi = require(...)`. */
const isAddedImport = (statement) =>
  statement.pos === -1 &&
  ts.isImportEqualsDeclaration(statement) &&
  statement.name.text === NAMESPACE &&
  ts.isExternalModuleReference(statement.moduleReference) &&
  ts.isStringLiteral(statement.moduleReference.expression) &&
  statement.moduleReference.expression.text === '@nestjs/swagger';

const printer = ts.createPrinter({ removeComments: true });
const MENTION = new RegExp(`\\b${NAMESPACE}\\b`);

exports.before = (options, program) => {
  const visitor = swagger.before(options, program);
  return (ctx) => {
    const transform = visitor(ctx);
    return (sourceFile) => {
      const out = transform(sourceFile);
      const added = out.statements.find(isAddedImport);
      if (!added) return out;
      const without = ctx.factory.updateSourceFile(out, out.statements.filter((s) => s !== added));
      // The plugin writes its references as identifiers named `openapi.ApiResponse` and the like:
      // the printed file is the one place all of them show. A mention of the word keeps the import.
      return MENTION.test(printer.printFile(without)) ? out : without;
    };
  };
};
