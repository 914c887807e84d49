// GET /reviews/<id>/summary-of-findings.csv and .html: the Summary of Findings as files, with the read
// access of the GraphQL API (public reviews need no token). Served by Yoga, so yoga.fetch reaches it too.
import type { Plugin } from 'graphql-yoga';
import { canRead, credentialsOf, type RequestCredentials, type Viewer } from '../auth/viewer.js';
import { now } from '../domain/rows.js';
import { summaryOfFindingsOf } from '../domain/summary-of-findings.js';
import type { Services } from '../domain/write-path.js';
import { summaryOfFindingsCsv, summaryOfFindingsHtml } from './summary-of-findings-render.js';

export const SUMMARY_OF_FINDINGS_PATH = /^\/reviews\/([^/]+)\/summary-of-findings\.(csv|html)$/;

export function useSummaryOfFindingsDownloads(options: { services: Services; viewerOf(credentials: RequestCredentials): Promise<Viewer> }): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      const match = SUMMARY_OF_FINDINGS_PATH.exec(url.pathname);
      if (!match) return;
      const text = (status: number, message: string) =>
        endResponse(new fetchAPI.Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      const [, encodedId, format] = match;
      const reviewId = decodeURIComponent(encodedId);
      const { database } = options.services;
      const viewer = await options.viewerOf(credentialsOf(request.headers));
      const review = await database.db.selectFrom('reviews').selectAll().where('id', '=', reviewId).executeTakeFirst();
      // A review the viewer may not read is reported as unknown, as the GraphQL API does.
      if (!review || !canRead(viewer, review)) {
        text(404, `there is no review with id '${reviewId}'${viewer.credentialProblem ? ` (${viewer.credentialProblem})` : ''}`);
        return;
      }
      const asOf = url.searchParams.get('asOfVersion');
      if (asOf !== null && !/^\d+$/.test(asOf)) {
        text(400, `asOfVersion must be a version number, not '${asOf}'`);
        return;
      }
      const sof = await summaryOfFindingsOf(database, review, asOf === null ? null : Number(asOf));
      const slug = review.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'review';
      const body = format === 'csv' ? summaryOfFindingsCsv(sof) : summaryOfFindingsHtml(sof, now());
      endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : body, {
          status: 200,
          headers: {
            'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'text/html; charset=utf-8',
            'content-disposition': `${format === 'csv' ? 'attachment' : 'inline'}; filename="summary-of-findings-${slug}-v${sof.version}.${format}"`,
            'cache-control': review.is_public === 1 ? 'public, max-age=0, must-revalidate' : 'private, no-store',
            'x-review-version': String(sof.version),
          },
        }),
      );
    },
  };
}
