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

const operationHasCurlSample = () => ({
  Operation: {
    enter(operation, ctx) {
      const samples = operation['x-codeSamples'] ?? [];
      if (!samples.some((sample) => sample.lang === 'curl' && /^curl /.test(sample.source ?? ''))) {
        ctx.report({
          message: 'Every operation has a curl sample in x-codeSamples.',
          location: ctx.location,
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
        'operation-has-curl-sample': operationHasCurlSample,
        'response-examples-are-named': responseExamplesAreNamed,
      },
    },
  };
}
