declare module 'asl-validator' {
  interface AslValidationResult {
    isValid: boolean;
    errors: { message: string; path?: string }[];
    errorsText(separator?: string): string;
  }
  export default function aslValidator(definition: unknown): AslValidationResult;
}
