export {
  diversity,
  diversityFromVariances,
  requiredInformationSize,
  type BinaryInformationSizeInput,
  type ContinuousInformationSizeInput,
  type InformationSize,
  type InformationSizeInput,
} from './information-size.js';
export { absoluteEffect, medianControlRisk, type AbsoluteEffect, type AbsoluteEffectInput, type ControlArm } from './absolute-effects.js';
export {
  assessCertainty,
  DOWNGRADE_DOMAINS,
  fingerprintAnalysisInputs,
  riskOfBiasClass,
  UPGRADE_DOMAINS,
  type CertaintyAssessment,
  type CertaintyInput,
  type CertaintyLevel,
  type CertaintyOverride,
  type CertaintyStudy,
  type DomainAssessment,
  type DomainRating,
  type DowngradeDomain,
  type GradeDomain,
  type RoB2Judgement,
  type StudyDesign,
  type UpgradeDomain,
} from './certainty.js';
