// The margin observatory: margins by partner, product line, product, typology and month, the
// deal lines sold below the guaranteed minimum, and the drift month by month (the `margins` read models).
export * from './margins.projection';
export * from './margins.queries';
export * from './margins.view';
export * from './margins.controller';
