COMMENT ON SCHEMA cache IS 'cache-service: semantic cache entries, embeddings, cache ROI';
