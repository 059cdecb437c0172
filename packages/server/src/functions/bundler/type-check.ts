// Deploy refuses a function that does not type-check (issue 6 §2), reporting file, line and reason.
import ts from 'typescript';
import { sdkLocation } from './sdk-location.js';

export interface FunctionProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export const formatProblem = (p: FunctionProblem) => `${p.file}:${p.line}:${p.column} - ${p.message}`;

export function typeCheckFunctions(files: string[]): FunctionProblem[] {
  const sdk = sdkLocation();
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    esModuleInterop: true,
    skipLibCheck: true,
    allowImportingTsExtensions: true,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: [],
    paths: { terapi: [sdk.typesIndex], ...Object.fromEntries(Object.entries(sdk.subpaths).map(([name, s]) => [`terapi/${name}`, [s.typesIndex]])), zod: [sdk.zodDir] },
  };
  const program = ts.createProgram(files, options);
  const wanted = new Set(files.map((f) => ts.sys.resolvePath(f)));
  const problems: FunctionProblem[] = [];
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const message = `error TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    if (d.file && d.start !== undefined) {
      // Problems inside the SDK or zod typings are not the function author's to fix; show them anyway if nothing else explains a failure.
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      problems.push({ file: d.file.fileName, line: line + 1, column: character + 1, message });
    } else {
      problems.push({ file: files[0] ?? '', line: 0, column: 0, message });
    }
  }
  return problems.sort((a, b) => Number(wanted.has(b.file)) - Number(wanted.has(a.file)));
}
