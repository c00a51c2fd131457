/** Version tag of the GIGN featuriser's output: a model package records it and is refused by another version. */
export const GIGN_FEATURISER_VERSION = 'gign-feat/1';
