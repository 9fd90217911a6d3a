// openapi-to-postmanv2 ships no types: the one call scripts/postman.ts makes.
declare module 'openapi-to-postmanv2' {
  const Converter: {
    convert(
      input: { type: 'json' | 'string' | 'file'; data: unknown },
      options: Record<string, unknown>,
      callback: (error: Error | null, result: { result: boolean; reason?: string; output?: { type: string; data: any }[] }) => void,
    ): void;
  };
  export default Converter;
}
