// Redocly plugin: the conventions of this contract that the built-in rules cannot express.
// Each rule reports on the operation (or media type) that breaks it.

const usesScheme = (operation, scheme) =>
  (operation.security ?? []).some((requirement) => scheme in requirement);

const requireStatuses = (scheme, statuses) => () => ({
  Operation: {
    enter(operation, ctx) {
      if (!usesScheme(operation, scheme)) return;
      const missing = statuses.filter((status) => !(status in (operation.responses ?? {})));
      if (missing.length > 0) {
        ctx.report({
          message: `Operations secured by ${scheme} must document ${missing.join(', ')}.`,
          location: ctx.location.child('responses'),
        });
      }
    },
  },
});

const operationDocuments500 = () => ({
  Operation: {
    enter(operation, ctx) {
      if (!('500' in (operation.responses ?? {}))) {
        ctx.report({
          message: 'Every operation documents the shared 500 response.',
          location: ctx.location.child('responses'),
        });
      }
    },
  },
});

// The code samples of the docs (scripts/code-samples.ts) are generated from the spec's examples:
// the first named example of the request body, and the `example` of each parameter. An operation
// the generator could not build a sample for has none of them missing.
const operationHasSampleExamples = () => ({
  Operation: {
    enter(operation, ctx) {
      for (const [mediaType, media] of Object.entries(operation.requestBody?.content ?? {})) {
        if (!media.examples || Object.keys(media.examples).length === 0) {
          ctx.report({
            message: `The ${mediaType} request body has a named example (\`examples\`): the code samples are generated from the first.`,
            location: ctx.location.child(['requestBody', 'content', mediaType]),
          });
        }
      }
      (operation.parameters ?? []).forEach((ref, index) => {
        const parameter = ctx.resolve(ref).node ?? {};
        const hasExample = parameter.example !== undefined || Object.keys(parameter.examples ?? {}).length > 0;
        if (parameter.required && !hasExample) {
          ctx.report({
            message: `The required parameter ${parameter.name} has an example: the code samples send it.`,
            location: ctx.location.child(['parameters', index]),
          });
        }
        if (parameter.in !== 'query') {
          ctx.report({
            message: `The code samples support query parameters only (${parameter.name} is in ${parameter.in}).`,
            location: ctx.location.child(['parameters', index]),
          });
        }
      });
      if (operation['x-codeSamples']) {
        ctx.report({
          message: 'Code samples are generated from the examples when the docs are built: no hand-written x-codeSamples.',
          location: ctx.location.child('x-codeSamples'),
        });
      }
    },
  },
});

// Named examples are what Prism's `Prefer: example=NAME` and the test suites address.
const responseExamplesAreNamed = () => ({
  Response: {
    MediaType: {
      enter(mediaType, ctx) {
        const named = mediaType.examples && Object.keys(mediaType.examples).length > 0;
        if (!named || 'example' in mediaType) {
          ctx.report({
            message: 'Response media types carry named `examples` (and no single `example`).',
            location: ctx.location,
          });
        }
      },
    },
  },
});

export default function conventionsPlugin() {
  return {
    id: 'jwi',
    rules: {
      oas3: {
        'bearer-operation-documents-401': requireStatuses('bearerAuth', ['401']),
        'api-key-operation-documents-400-and-403': requireStatuses('apiKey', ['400', '403']),
        'operation-documents-500': operationDocuments500,
        'operation-has-sample-examples': operationHasSampleExamples,
        'response-examples-are-named': responseExamplesAreNamed,
      },
    },
  };
}
