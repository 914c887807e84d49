import cumulus from '@cumulus/eslint-config';

export default cumulus;
