COMMENT ON SCHEMA pricing IS 'pricing-service: valuation rates, model catalog and aliases, quotes, routing rules';
