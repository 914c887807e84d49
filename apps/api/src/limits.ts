// What one request may ask, in one place (README "Limits"). Each is checked before the work it guards: body sizes
// before the body is read (server.ts), tokens while parsing, the rest in validation, before anything executes. The
// same plugins run for POST, GET/SSE and graphql-ws, which all go through Yoga's parse and validate.
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface RequestLimits {
  /** Bytes of a request body without a valid token (anonymous clients only read: queries are small). */
  anonymousBodyBytes: number;
  /** Bytes of a request body with a valid token (a RevMan file of several MB, or a search export of 20,000 records with abstracts, is imported in one request). */
  authenticatedBodyBytes: number;
  /** Bytes of one graphql-ws message (subscriptions and small operations; large uploads go over HTTP). */
  webSocketMessageBytes: number;
  /** Lexical tokens of a document: bounds parsing, and the nesting the parser can be asked to recurse into. */
  tokens: number;
  /** Nesting of selections (introspection's `__schema` aside: its depth is bounded by the cost). */
  depth: number;
  /** graphql-armor's estimate: 2 per object, 1 per scalar, times 1.2 per level of depth; introspection included. */
  cost: number;
  /** Aliased fields in an operation (each alias asks for the field once more). */
  aliases: number;
  /** Directives in an operation. */
  directives: number;
  /** Variables an operation declares. */
  variables: number;
}

const MiB = 1024 * 1024;

/**
 * The dashboard's largest document (an outcome's page, with Apollo's __typename) has 319 tokens, depth 8, cost 620,
 * 4 variables and no alias or directive; the standard introspection query costs 2,985. Each limit leaves room for API
 * consumers while refusing what only an attack needs.
 */
export const defaultRequestLimits: RequestLimits = {
  anonymousBodyBytes: 256 * 1024,
  authenticatedBodyBytes: 64 * MiB,
  webSocketMessageBytes: 1 * MiB,
  tokens: 2_000,
  depth: 12,
  cost: 5_000,
  aliases: 30,
  directives: 20,
  variables: 50,
};

/** 1.2 rather than armor's 1.5, so that the standard introspection query fits once the cost counts introspection. */
const depthCostFactor = 1.2;

/** Refuses an operation declaring more than `n` variables, before any of them is coerced. */
export function maxVariablesRule(n: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const declared = operation.variableDefinitions?.length ?? 0;
      if (declared > n) context.reportError(new GraphQLError(`Variables limit of ${n} exceeded, found ${declared}.`));
    },
  });
}

// Reported as validation errors rather than thrown (armor's default), so that they are answered like any invalid
// document: a 400 with code GRAPHQL_VALIDATION_FAILED over HTTP, an error message for the operation over graphql-ws.
const reported = {
  exposeLimits: true,
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

/** The document limits as Yoga plugins, depth and cost first (their messages say what a consumer most often hits). */
export function documentLimitPlugins(limits: RequestLimits): Plugin[] {
  return [
    // Parsing stops at the limit: a thrown syntax error, answered with a 400.
    maxTokensPlugin({ n: limits.tokens, exposeLimits: true }),
    maxDepthPlugin({ n: limits.depth, ...reported }),
    costLimitPlugin({ maxCost: limits.cost, depthCostFactor, ignoreIntrospection: false, ...reported }),
    maxAliasesPlugin({ n: limits.aliases, ...reported }),
    maxDirectivesPlugin({ n: limits.directives, ...reported }),
    { onValidate: ({ addValidationRule }) => addValidationRule(maxVariablesRule(limits.variables)) },
  ];
}
