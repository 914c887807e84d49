// Reference kinds `requiredInformationSize` and `absoluteEffect` (formulas in the fixtures' `source`).
import type { CheckRunner } from '../case-file.js';
import { absoluteEffect, type AbsoluteEffectInput } from '../../grade/absolute-effects.js';
import { requiredInformationSize, type InformationSizeInput } from '../../grade/information-size.js';

export const gradeChecks: Record<string, CheckRunner> = {
  requiredInformationSize: (_caseFile, options) => ({
    participants: requiredInformationSize(options as unknown as InformationSizeInput).participants,
  }),
  absoluteEffect: (_caseFile, options) => absoluteEffect(options as unknown as AbsoluteEffectInput),
};
