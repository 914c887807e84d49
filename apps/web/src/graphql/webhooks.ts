// A review's webhooks (its maintainers only): the list with each one's latest deliveries, registering one (its
// signing secret comes back once) and removing one. Field names from apps/api/src/schema/webhooks.ts.
import { gql, type ApolloClient } from '@apollo/client/core';
import type { UserError } from '../composables/use-mutation-form';

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED' | 'CANCELLED';

export interface WebhookDelivery {
  id: string;
  event: string;
  /** The review version whose change caused it. */
  version: number;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  lastStatusCode: number | null;
  /** Set while PENDING only. */
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export interface Webhook {
  id: string;
  url: string;
  createdBy: string;
  createdAt: string;
  removedAt: string | null;
  /** The latest deliveries (newest first) and how many there are in all. */
  deliveriesConnection: { totalCount: number; edges: { node: WebhookDelivery }[] };
}

/** How many of a webhook's latest deliveries the section shows. */
export const LATEST_DELIVERIES = 5;

const WEBHOOK_FIELDS = 'id url createdBy createdAt removedAt';
const DELIVERY_FIELDS = 'id event version status attempts lastError lastStatusCode nextAttemptAt deliveredAt createdAt';

export const WEBHOOKS_QUERY = gql`
  query ReviewWebhooks($reviewId: ID!, $latest: Int!) {
    webhooks(reviewId: $reviewId) {
      ${WEBHOOK_FIELDS}
      deliveriesConnection(first: $latest) {
        totalCount
        edges { node { ${DELIVERY_FIELDS} } }
      }
    }
  }
`;

export const REGISTER_WEBHOOK = gql`mutation RegisterWebhook($input: RegisterWebhookInput!) {
  registerWebhook(input: $input) { webhook { ${WEBHOOK_FIELDS} } secret errors { field message } }
}`;
export const REMOVE_WEBHOOK = gql`mutation RemoveWebhook($input: RemoveWebhookInput!) {
  removeWebhook(input: $input) { webhook { ${WEBHOOK_FIELDS} } errors { field message } }
}`;

export interface RegisteredWebhook {
  webhook: Pick<Webhook, 'id' | 'url' | 'createdBy' | 'createdAt' | 'removedAt'>;
  /** The signing secret, given or generated: the API shows it this once. */
  secret: string;
}

/** A sender for useMutationForm: the new webhook together with its secret (sender() picks one field only). */
export function registerWebhookSender(client: ApolloClient<unknown>) {
  return async (input: Record<string, unknown>): Promise<{ value: RegisteredWebhook | null; errors: UserError[] }> => {
    const { data } = await client.mutate<{ registerWebhook: { webhook: RegisteredWebhook['webhook'] | null; secret: string | null; errors: UserError[] } }>({
      mutation: REGISTER_WEBHOOK,
      variables: { input },
      fetchPolicy: 'no-cache',
    });
    const answer = data?.registerWebhook;
    const value = answer?.webhook && answer.secret ? { webhook: answer.webhook, secret: answer.secret } : null;
    return { value, errors: answer?.errors ?? [] };
  };
}
