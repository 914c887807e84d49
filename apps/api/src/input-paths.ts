// Malformed input written into the query itself (NaN, an enum value that does not exist, a field the input type
// does not have) is refused by GraphQL validation, and stays a GraphQL error (API.md), but graphql-js says what is
// wrong without saying where; for variables it does ('at "input.mean1"'). This adds the input path to such errors:
// in the message, as variables have it, and as `extensions.field` (the path a payload's errors use).
import { BREAK, GraphQLError, Kind, visit, type ASTNode, type DocumentNode, type ValueNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** The path from an argument to `target` (a value, or an input object's field): ['input', 'rows', '2', 'sd1']. */
function pathWithin(value: ValueNode, target: ASTNode, path: string[]): string[] | null {
  if (value === target) return path;
  if (value.kind === Kind.OBJECT) {
    for (const field of value.fields) {
      const found = field === target ? [...path, field.name.value] : pathWithin(field.value, target, [...path, field.name.value]);
      if (found) return found;
    }
  }
  if (value.kind === Kind.LIST) {
    for (const [index, item] of value.values.entries()) {
      const found = pathWithin(item, target, [...path, String(index)]);
      if (found) return found;
    }
  }
  return null;
}

export function inputPathOf(document: DocumentNode, target: ASTNode): string[] | null {
  let found: string[] | null = null;
  visit(document, {
    Argument(argument) {
      found = pathWithin(argument.value, target, [argument.name.value]);
      return found ? BREAK : undefined;
    },
  });
  return found;
}

/** `error` with the input path of the value it is about, when it is about a value written in an argument. */
export function withInputPath(document: DocumentNode, error: GraphQLError): GraphQLError {
  const node = error.nodes?.[0];
  // Already given its path (validation results are cached and may pass through here again).
  if (!node || error.extensions.field !== undefined) return error;
  const path = inputPathOf(document, node);
  if (!path) return error;
  return new GraphQLError(`Invalid value at "${path.join('.')}": ${error.message}`, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, field: path },
  });
}

export function useInputPathsInValidationErrors(): Plugin {
  return {
    onValidate({ params }) {
      return ({ result, setResult }) => {
        if (result.length > 0) setResult(result.map((error) => withInputPath(params.documentAST, error)));
      };
    },
  };
}
