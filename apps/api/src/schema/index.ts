// The schema: each module adds its types, queries, mutations and subscriptions to the builder.
import { builder } from './builder.js';
import { checkAccessOnEveryEvent } from './subscription-access.js';
import './review.js';
import './study.js';
import './outcome.js';
import './study-data.js';
import './analysis.js';
import './risk-of-bias.js';
import './change-log.js';
import './people.js';
import './team.js';
import './token.js';
import './alerts.js';
import './webhooks.js';
import './summary-of-findings.js';
import './import-revman.js';
import './other-data-tables.js';
import './intake.js';
import './screening.js';
import './prisma-flow.js';
import './extraction.js';
import './registry.js';

export const schema = checkAccessOnEveryEvent(builder.toSchema({ sortSchema: false }));
