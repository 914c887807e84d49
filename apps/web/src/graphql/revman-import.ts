// Importing a Cochrane review from its RevMan 5 file: the preview (what would be created, and each analysis against
// the numbers RevMan stored) and the import itself. Field names from apps/api/src/schema/import-revman.ts.
import { gql } from '@apollo/client/core';
import type { UserError } from '../composables/use-mutation-form';
import type { Measure } from './outcome';

export interface RevManParityDifference {
  /** 'overall', "subgroup 'Adults'", "row 'Smith 2001' in 'Adults'", 'test for subgroup differences'. */
  where: string;
  field: string;
  revman: number | null;
  cumulus: number | null;
  reason: string | null;
}

export interface RevManPreviewAnalysis {
  /** RevMan's number: '1.2'. */
  analysis: string;
  name: string;
  /** 'dichotomous', 'continuous', 'generic', 'oe-variance' or 'other' ("Other data": text, not pooled). */
  kind: string;
  measure: Measure | null;
  model: string | null;
  method: string | null;
  /** 'all', 'subgroups' or 'none'. */
  totals: string;
  rows: number;
  studies: number;
  matches: boolean;
  /** How many of RevMan's stored numbers were compared. */
  compared: number;
  differences: RevManParityDifference[];
  notCompared: string[];
  notes: string[];
}

export interface RevManImportPreview {
  title: string | null;
  citation: string | null;
  studies: number | null;
  rows: number | null;
  otherDataTables: number | null;
  matches: boolean | null;
  analyses: RevManPreviewAnalysis[];
  notes: string[];
  errors: UserError[];
}

export const PREVIEW_REVMAN_IMPORT = gql`
  query PreviewRevManImport($input: ImportRevManReviewInput!) {
    previewRevManImport(input: $input) {
      title
      citation
      studies
      rows
      otherDataTables
      matches
      notes
      errors {
        field
        message
      }
      analyses {
        analysis
        name
        kind
        measure
        model
        method
        totals
        rows
        studies
        matches
        compared
        differences {
          where
          field
          revman
          cumulus
          reason
        }
        notCompared
        notes
      }
    }
  }
`;
